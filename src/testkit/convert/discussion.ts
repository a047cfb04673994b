import type { WorldChannel, WorldMessage } from '../world/types.js'
import type { WorldIndex } from '../world/world-index.js'

/** A message as a channel shows it: a world message, or a post's copy in a discussion group. */
export interface ChannelMessage extends WorldMessage {
  /** Telegram auto-forwards each commented post into the linked group; comments reply to that copy */
  copyOf?: { channelId: number; msgId: number }
}

interface Threads {
  /** the world messages the cache was built from (rebuilt when they change) */
  source: WorldMessage[]
  sourceLength: number
  messages: ChannelMessage[]
  copyByPost: Map<string, number>
  comments: Map<number, WorldMessage[]>
}

const cache = new WeakMap<WorldChannel, Threads>()
const postKey = (channelId: number, msgId: number): string => `${channelId}:${msgId}`

/**
 * The world stores only the comments (with the post they answer); the group's
 * copies of the posts are derived here, numbered after the group's own messages.
 */
function threadsOf(index: WorldIndex, group: WorldChannel): Threads {
  const hit = cache.get(group)
  if (hit && hit.source === group.messages && hit.sourceLength === group.messages.length) return hit
  const comments = new Map<string, WorldMessage[]>()
  for (const m of group.messages) {
    if (!m.replyToPost) continue
    const key = postKey(m.replyToPost.channelId, m.replyToPost.msgId)
    comments.set(key, [...(comments.get(key) ?? []), m])
  }
  let nextId = group.messages.reduce((max, m) => Math.max(max, m.id), 0) + 1
  const copies: ChannelMessage[] = []
  const threads: Threads = {
    source: group.messages,
    sourceLength: group.messages.length,
    messages: [],
    copyByPost: new Map(),
    comments: new Map(),
  }
  for (const [key, list] of comments) {
    const { channelId, msgId } = list[0]!.replyToPost!
    const post = index.message(channelId, msgId)
    if (!post) continue
    const id = nextId++
    copies.push({ ...post, id, copyOf: { channelId, msgId }, fromId: undefined, topicId: undefined })
    threads.copyByPost.set(key, id)
    threads.comments.set(id, list)
  }
  threads.messages = [...group.messages, ...copies].sort((a, b) => a.id - b.id)
  cache.set(group, threads)
  return threads
}

/** Every message of a channel, ascending by id (a discussion group's include the post copies). */
export function messagesOf(index: WorldIndex, channel: WorldChannel): ChannelMessage[] {
  return threadsOf(index, channel).messages
}

export function messageOf(index: WorldIndex, channel: WorldChannel, id: number): ChannelMessage | undefined {
  return messagesOf(index, channel).find((m) => m.id === id)
}

/** The id of a post's copy in its channel's discussion group. */
export function discussionCopyId(index: WorldIndex, group: WorldChannel, channelId: number, msgId: number) {
  return threadsOf(index, group).copyByPost.get(postKey(channelId, msgId))
}

/** The comments under a copy, ascending by id. */
export function commentsOf(index: WorldIndex, group: WorldChannel, copyId: number): WorldMessage[] {
  return threadsOf(index, group).comments.get(copyId) ?? []
}
