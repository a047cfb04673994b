import type { tl } from '@mtcute/tl'
import Long from 'long'
import type { WorldChannel } from '../world/types.js'
import { peerChannel } from './channel.js'
import type { ConvertContext } from './context.js'
import { type ChannelMessage, commentsOf, discussionCopyId, messagesOf } from './discussion.js'
import { toTlMedia } from './media.js'

const peerUser = (userId: number): tl.RawPeerUser => ({ _: 'peerUser', userId })

/** A channel's pts: the world is static, so its latest message id stands in for it. */
export function channelPts(ctx: ConvertContext, channel: WorldChannel): number {
  const all = messagesOf(ctx.index, channel)
  return all[all.length - 1]?.id ?? 1
}

/** A message of a channel as Telegram sends it, with fresh file references. */
export function toTlMessage(ctx: ConvertContext, channel: WorldChannel, m: ChannelMessage): tl.TypeMessage {
  const topic = channel.forum ? channel.topics?.find((t) => t.id === m.id) : undefined
  if (topic)
    return {
      _: 'messageService',
      id: m.id,
      peerId: peerChannel(channel.id),
      fromId: m.fromId !== undefined ? peerUser(m.fromId) : undefined,
      date: m.date,
      action: { _: 'messageActionTopicCreate', title: topic.title, iconColor: 0x6fb9f0 },
    }
  const post = channel.kind === 'channel'
  const message: tl.RawMessage = {
    _: 'message',
    id: m.id,
    peerId: peerChannel(channel.id),
    date: m.date,
    message: m.text,
    post: post ? true : undefined,
    fromId: !post && m.fromId !== undefined ? peerUser(m.fromId) : undefined,
    media: m.media ? toTlMedia(ctx, m.media, m.date) : undefined,
    groupedId: m.groupedId !== undefined ? Long.fromString(m.groupedId) : undefined,
    replyTo: replyHeader(ctx, channel, m),
    replies: replies(ctx, channel, m),
  }
  if (m.copyOf) {
    const from = peerChannel(m.copyOf.channelId)
    message.fromId = from
    message.fwdFrom = {
      _: 'messageFwdHeader',
      fromId: from,
      date: m.date,
      channelPost: m.copyOf.msgId,
      savedFromPeer: from,
      savedFromMsgId: m.copyOf.msgId,
    }
  }
  return message
}

function replyHeader(
  ctx: ConvertContext,
  channel: WorldChannel,
  m: ChannelMessage,
): tl.TypeMessageReplyHeader | undefined {
  if (m.topicId !== undefined && channel.forum)
    return { _: 'messageReplyHeader', forumTopic: true, replyToMsgId: m.topicId, replyToTopId: m.topicId }
  if (m.replyToPost) {
    const copyId = discussionCopyId(ctx.index, channel, m.replyToPost.channelId, m.replyToPost.msgId)
    if (copyId !== undefined) return { _: 'messageReplyHeader', replyToMsgId: copyId }
  }
  return undefined
}

function replies(
  ctx: ConvertContext,
  channel: WorldChannel,
  m: ChannelMessage,
): tl.TypeMessageReplies | undefined {
  // a post in a channel with a discussion group: its comments live in the group
  if (channel.kind === 'channel' && channel.linkedChatId !== undefined) {
    const group = ctx.index.channel(channel.linkedChatId)
    if (!group) return undefined
    const copyId = discussionCopyId(ctx.index, group, channel.id, m.id)
    const comments = copyId === undefined ? [] : commentsOf(ctx.index, group, copyId)
    return {
      _: 'messageReplies',
      comments: true,
      replies: comments.length,
      repliesPts: channelPts(ctx, group),
      channelId: group.id,
      maxId: comments[comments.length - 1]?.id,
    }
  }
  // the post's copy in the group: the thread's root
  if (m.copyOf) {
    const comments = commentsOf(ctx.index, channel, m.id)
    return {
      _: 'messageReplies',
      replies: comments.length,
      repliesPts: channelPts(ctx, channel),
      maxId: comments[comments.length - 1]?.id,
    }
  }
  return undefined
}

/** The channels and users a message mentions, for a response's `chats` and `users`. */
export function mentionsOf(
  channel: WorldChannel,
  m: ChannelMessage,
): { channels: number[]; users: number[] } {
  const channels = [channel.id]
  if (channel.kind === 'channel' && channel.linkedChatId !== undefined) channels.push(channel.linkedChatId)
  if (m.copyOf) channels.push(m.copyOf.channelId)
  const users = m.fromId !== undefined && !m.copyOf ? [m.fromId] : []
  return { channels, users }
}
