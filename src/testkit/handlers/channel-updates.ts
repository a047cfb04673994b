import type { tl } from '@mtcute/tl'
import type { TestkitState } from '../cluster/state.js'
import { canRead } from '../convert/channel.js'
import { messageOf } from '../convert/discussion.js'
import { channelPts } from '../convert/message.js'
import type { WorldChannel } from '../world/types.js'
import { messagesWithPeers } from './content-response.js'

/**
 * Tells every session listening to `channel` (ChannelListeners) of its new
 * message `id`, as Telegram does: `updates` holding one
 * updateNewChannelMessage, pts the channel's new pts (its latest message id
 * here) and pts_count 1, with the chats and users it mentions. Returns how
 * many sessions were told.
 */
export function pushNewChannelMessage(state: TestkitState, channel: WorldChannel, id: number): number {
  const message = messageOf(state.index, channel, id)
  if (!message) return 0
  const pts = channelPts(state, channel)
  let told = 0
  for (const listener of state.channelListeners.of(channel.id)) {
    if (!canRead(channel, listener.userId)) continue
    const { messages, chats, users } = messagesWithPeers(
      state,
      listener.userId,
      [{ channel, message }],
      [channel.id],
    )
    const updates: tl.RawUpdates = {
      _: 'updates',
      updates: [{ _: 'updateNewChannelMessage', message: messages[0]!, pts, ptsCount: 1 }],
      users,
      chats,
      date: message.date,
      seq: 0,
    }
    if (listener.connection.notify(listener.sessionId, updates)) told++
  }
  return told
}
