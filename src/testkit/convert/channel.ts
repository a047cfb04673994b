import type { tl } from '@mtcute/tl'
import Long from 'long'
import type { WorldChannel } from '../world/types.js'
import type { WorldIndex } from '../world/world-index.js'

/** Private channels (no username) are readable by their members only. */
export function canRead(channel: WorldChannel, userId: number): boolean {
  return channel.username !== undefined || channel.members.includes(userId)
}

/** The `chat` Telegram lists for a channel: `channelForbidden` when the user may not see it. */
export function toTlChat(index: WorldIndex, channel: WorldChannel, userId: number): tl.TypeChat {
  const broadcast = channel.kind === 'channel' ? true : undefined
  const megagroup = channel.kind === 'supergroup' ? true : undefined
  if (!canRead(channel, userId))
    return {
      _: 'channelForbidden',
      id: channel.id,
      accessHash: Long.fromString(channel.accessHash),
      title: channel.title,
      broadcast,
      megagroup,
    }
  const linked =
    channel.linkedChatId !== undefined || index.world.channels.some((c) => c.linkedChatId === channel.id)
  return {
    _: 'channel',
    id: channel.id,
    accessHash: Long.fromString(channel.accessHash),
    title: channel.title,
    username: channel.username,
    photo: { _: 'chatPhotoEmpty' },
    date: channel.messages[0]?.date ?? 0,
    broadcast,
    megagroup,
    forum: channel.forum ? true : undefined,
    hasLink: linked ? true : undefined,
    left: channel.members.includes(userId) ? undefined : true,
    participantsCount: channel.participantsCount,
  }
}

export function peerChannel(id: number): tl.RawPeerChannel {
  return { _: 'peerChannel', channelId: id }
}
