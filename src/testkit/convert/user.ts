import type { tl } from '@mtcute/tl'
import Long from 'long'
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
