import type { tl } from '@mtcute/tl'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import {
  type ChannelMessage,
  commentsOf,
  discussionCopyId,
  messageOf,
  messagesOf,
} from '../convert/discussion.js'
import { channelPts } from '../convert/message.js'
import { forumTopicsOf } from '../convert/topic.js'
import type { WorldChannel } from '../world/types.js'
import { readableChannel, requireHuman } from './content-access.js'
import { pageOf } from './content-paging.js'
import { messagesWithPeers } from './content-response.js'

/** A thread: its root message and the channel its messages are in. */
interface Thread {
  channel: WorldChannel
  root: ChannelMessage
  messages: ChannelMessage[]
}

/**
 * The thread a (peer, msg_id) names: a channel post → its comments in the
 * discussion group; a post's copy in the group → the same; a forum topic → its
 * messages. Any other existing message has an empty thread.
 */
function threadOf(state: TestkitState, channel: WorldChannel, msgId: number): Thread {
  const { index } = state
  const message = messageOf(index, channel, msgId)
  if (!message) throw new RpcError(400, 'MSG_ID_INVALID')
  if (channel.kind === 'channel') {
    const group = channel.linkedChatId === undefined ? undefined : index.channel(channel.linkedChatId)
    const copyId = group ? discussionCopyId(index, group, channel.id, msgId) : undefined
    const root = group && copyId !== undefined ? messageOf(index, group, copyId) : undefined
    if (!group || !root) throw new RpcError(400, 'MSG_ID_INVALID')
    return { channel: group, root, messages: commentsOf(index, group, root.id) }
  }
  if (message.copyOf) return { channel, root: message, messages: commentsOf(index, channel, msgId) }
  if (channel.forum && channel.topics?.some((t) => t.id === msgId))
    return { channel, root: message, messages: messagesOf(index, channel).filter((m) => m.topicId === msgId) }
  return { channel, root: message, messages: [] }
}

export function registerThreadHandlers(registry: HandlerRegistry, state: TestkitState): void {
  registry.on('messages.getReplies', (req, ctx): tl.messages.TypeMessages => {
    const r = req as unknown as tl.messages.RawGetRepliesRequest
    const userId = requireHuman(state, ctx)
    if (r.peer._ !== 'inputPeerChannel') throw new RpcError(400, 'PEER_ID_INVALID')
    const channel = readableChannel(state, r.peer, userId, ctx, 400)
    const thread = threadOf(state, channel, r.msgId)
    const { items, offsetIdOffset } = pageOf(thread.messages, r)
    return {
      _: 'messages.channelMessages',
      pts: channelPts(state, thread.channel),
      count: thread.messages.length,
      offsetIdOffset,
      ...messagesWithPeers(
        state,
        userId,
        items.map((message) => ({ channel: thread.channel, message })),
        [channel.id],
      ),
      topics: forumTopicsOf(thread.channel, items),
    }
  })

  registry.on('messages.getDiscussionMessage', (req, ctx): tl.messages.TypeDiscussionMessage => {
    const r = req as unknown as tl.messages.RawGetDiscussionMessageRequest
    const userId = requireHuman(state, ctx)
    if (r.peer._ !== 'inputPeerChannel') throw new RpcError(400, 'PEER_ID_INVALID')
    const channel = readableChannel(state, r.peer, userId, ctx, 400)
    const thread = threadOf(state, channel, r.msgId)
    // only posts with a discussion copy and forum topics are threads Telegram can open
    const isTopic =
      thread.channel.forum === true && thread.channel.topics?.some((t) => t.id === thread.root.id)
    if (!thread.root.copyOf && !isTopic) throw new RpcError(400, 'MSG_ID_INVALID')
    const maxId = thread.messages[thread.messages.length - 1]?.id
    return {
      _: 'messages.discussionMessage',
      maxId,
      readInboxMaxId: maxId,
      readOutboxMaxId: maxId,
      unreadCount: 0,
      ...messagesWithPeers(state, userId, [{ channel: thread.channel, message: thread.root }], [channel.id]),
    }
  })
}
