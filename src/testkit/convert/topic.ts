import type { tl } from '@mtcute/tl'
import type { WorldChannel, WorldMessage } from '../world/types.js'
import { peerChannel } from './channel.js'

/** The forum topics a list of messages touches, as Telegram lists them beside the messages. */
export function forumTopicsOf(channel: WorldChannel, messages: readonly WorldMessage[]): tl.TypeForumTopic[] {
  if (!channel.forum || !channel.topics) return []
  const touched = new Set(messages.map((m) => m.topicId ?? m.id))
  return channel.topics
    .filter((t) => touched.has(t.id))
    .map((t) => {
      const inTopic = channel.messages.filter((m) => m.id === t.id || m.topicId === t.id)
      const root = channel.messages.find((m) => m.id === t.id)
      const top = inTopic.reduce((max, m) => Math.max(max, m.id), t.id)
      return {
        _: 'forumTopic',
        id: t.id,
        date: root?.date ?? 0,
        peer: peerChannel(channel.id),
        title: t.title,
        iconColor: 0x6fb9f0,
        topMessage: top,
        readInboxMaxId: top,
        readOutboxMaxId: top,
        unreadCount: 0,
        unreadMentionsCount: 0,
        unreadReactionsCount: 0,
        fromId: root?.fromId !== undefined ? { _: 'peerUser', userId: root.fromId } : peerChannel(channel.id),
        notifySettings: { _: 'peerNotifySettings' },
      }
    })
}
