import type { tl } from '@mtcute/tl'

/**
 * The channels an update pushed by Telegram says have new posts: those of
 * updateNewChannelMessage, and of updateChannelTooLong (there may be new posts
 * Telegram did not list). `'all'` for updatesTooLong: any chat may have some.
 * Anything else names none. Only a hint to look: whoever reacts lists the chat
 * from the last post it has, so a missed update or a pts gap loses nothing.
 */
export function channelsWithNewPosts(update: unknown): number[] | 'all' {
  const u = update as tl.TypeUpdates | { _: string }
  switch (u._) {
    case 'updatesTooLong':
      return 'all'
    case 'updateShort':
      return channelsOf([(u as tl.RawUpdateShort).update])
    case 'updates':
    case 'updatesCombined':
      return channelsOf((u as tl.RawUpdates | tl.RawUpdatesCombined).updates)
    default:
      return []
  }
}

function channelsOf(updates: tl.TypeUpdate[]): number[] {
  const ids: number[] = []
  for (const update of updates) {
    if (update._ === 'updateChannelTooLong') ids.push(update.channelId)
    else if (update._ === 'updateNewChannelMessage') {
      const peer = (update.message as { peerId?: tl.TypePeer }).peerId
      if (peer?._ === 'peerChannel') ids.push(peer.channelId)
    }
  }
  return ids
}
