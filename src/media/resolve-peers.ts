import type { tl } from '@mtcute/tl'
import type Long from 'long'

/** A user, bot or channel as met in an answer: enough to address it again. */
export interface KnownPeer {
  kind: 'user' | 'channel'
  id: number
  accessHash: Long
  username?: string
}

/** What resolving remembers of the peers it meets and looks up before asking Telegram. */
export interface PeerMemory {
  /** the access hash of a channel met before (t.me/c/<id> links carry none) */
  accessHashOf?: (channelId: number) => Long | undefined
  /** a peer met before under this username: no contacts.resolveUsername needed */
  peerByUsername?: (username: string) => KnownPeer | undefined
  /** told of every channel met on the way, to remember its access hash */
  onChannel?: (channel: tl.RawInputChannel, username?: string) => void
  /** told of every user and bot met in answers */
  onUser?: (user: KnownPeer) => void
}

/** Tells `memory` of the users in an answer; `min` ones carry no usable access hash. */
export function rememberUsers(users: readonly tl.TypeUser[], memory: PeerMemory): void {
  if (!memory.onUser) return
  for (const u of users) {
    if (u._ !== 'user' || u.min || !u.accessHash) continue
    memory.onUser({ kind: 'user', id: u.id, accessHash: u.accessHash, username: u.username })
  }
}

/** The channel `id` (or the first one) among an answer's chats, remembered on the way. */
export function channelOf(
  chats: readonly tl.TypeChat[],
  id: number | undefined,
  memory: PeerMemory,
): tl.RawInputChannel {
  const chat = chats.find((c) => c._ === 'channel' && (id === undefined || c.id === id))
  if (chat?._ !== 'channel' || !chat.accessHash) throw new Error('the answer carries no channel')
  const channel: tl.RawInputChannel = { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash }
  memory.onChannel?.(channel, chat.username)
  return channel
}
