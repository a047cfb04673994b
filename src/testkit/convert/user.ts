import type { tl } from '@mtcute/tl'
import Long from 'long'
import {
  serializeTl,
  TlBinaryWriter,
  type TlObject,
  type TlWriterMap,
  tlSize,
  tlWriters,
} from '../../tl/index.js'
import type { WorldAccount, WorldBot } from '../world/types.js'

/**
 * The `user` Telegram shows for an account or a bot: the phone number only
 * to the user themself, `bot` with a bot info version for bots.
 */
export function toTlUser(u: WorldAccount | WorldBot, opts: { self: boolean }): tl.RawUser {
  const self = opts.self ? true : undefined
  const base = { _: 'user', id: u.userId, accessHash: Long.fromString(u.accessHash), self } as const
  if ('token' in u)
    return { ...base, bot: true, botInfoVersion: 1, firstName: u.username, username: u.username }
  return {
    ...base,
    firstName: u.firstName,
    username: u.username,
    phone: opts.self ? u.phone : undefined,
    premium: u.premium ? true : undefined,
  }
}

/**
 * `user` changed its constructor id after layer 198 (flags2.15
 * send_paid_messages_stars, later flags2.16–17) without moving any field a
 * testkit user sets, so a layer-198 client (GramJS 2.26) reads our users
 * when only the id is the old one.
 */
const USER_LAYER_198 = 0x4b46c37e
const MAX_LAYER_OF_USER_198 = 198

const writersForLayer198: TlWriterMap = Object.assign({}, tlWriters, {
  user: (w: unknown, v: unknown) => {
    const start = w instanceof TlBinaryWriter ? w.pos : -1
    tlWriters.user!(w, v)
    if (w instanceof TlBinaryWriter) w.dataView.setUint32(start, USER_LAYER_198, true)
  },
})

/**
 * A result that carries users (an object, or the items of a Vector), written
 * for the client's layer (`ctx.layer`, from invokeWithLayer): old clients get
 * the `user` constructor of their layer.
 */
export function serializeWithUsers<T extends TlObject>(
  result: T | T[],
  layer: number | undefined,
): Uint8Array {
  const old = layer !== undefined && layer <= MAX_LAYER_OF_USER_198
  if (!Array.isArray(result))
    return old ? TlBinaryWriter.serializeObject(writersForLayer198, result) : serializeTl(result)
  let size = 8
  for (const item of result) size += tlSize(item)
  const w = TlBinaryWriter.alloc(old ? writersForLayer198 : tlWriters, size)
  w.vector(w.object, result)
  return w.result()
}
