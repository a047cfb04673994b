import type { tl } from '@mtcute/tl'
import Long from 'long'
import type { ClientSession } from '../mtproto/index.js'
import { withFloodWait } from './flood-wait.js'
import { type MediaFilter, matchesFilter } from './media-filter.js'
import { type MediaItem, mediaFromMessage } from './media-item.js'
import { type ChatRef, inputPeerOf } from './open-chat.js'
import { type PeerMemory, rememberUsers } from './resolve-peers.js'

/** One message's media, or an album's (ascending by message id). */
export interface MediaGroup {
  groupedId?: string
  items: MediaItem[]
}

export interface ListOptions {
  /** a forum topic (its id is its first message's): only its messages */
  topicId?: number
  /** only messages after this id (exclusive) */
  minId?: number
  filter?: MediaFilter
  /** at most this many items, the newest ones */
  limit?: number
  /** messages per request (Telegram gives at most 100) */
  pageSize?: number
  signal?: AbortSignal
  /** Telegram asked to wait before the next page */
  onFloodWait?: (seconds: number) => void
  /** told of the users met in answers */
  memory?: PeerMemory
}

export interface ChatListing {
  /** oldest first; every group has at least one item */
  groups: MediaGroup[]
  /** the highest message id seen in the range, with or without media (minId when none) */
  topId: number
  /** every message of the range was looked at (false when `limit` cut the listing) */
  complete: boolean
  /** history requests made */
  requests: number
}

type Page = { messages: tl.TypeMessage[] }

async function historyPage(
  session: ClientSession,
  chat: ChatRef,
  opts: ListOptions,
  bounds: { offsetId: number; offsetDate: number; minId: number; limit: number },
): Promise<Page> {
  const common = { ...bounds, peer: inputPeerOf(chat), addOffset: 0, maxId: 0, hash: Long.ZERO }
  const answer = await withFloodWait(
    () =>
      opts.topicId === undefined
        ? session.call({ _: 'messages.getHistory', ...common }, { signal: opts.signal })
        : session.call({ _: 'messages.getReplies', ...common, msgId: opts.topicId }, { signal: opts.signal }),
    { signal: opts.signal, onWait: opts.onFloodWait },
  )
  if (answer._ === 'messages.messagesNotModified') return { messages: [] }
  if (opts.memory) rememberUsers(answer.users, opts.memory)
  return answer
}

/** Consecutive items of one album become one group. */
function grouped(ascending: MediaItem[]): MediaGroup[] {
  const groups: MediaGroup[] = []
  for (const item of ascending) {
    const last = groups.at(-1)
    if (item.groupedId !== undefined && last?.groupedId === item.groupedId) last.items.push(item)
    else groups.push({ groupedId: item.groupedId, items: [item] })
  }
  return groups
}

/**
 * The media of a chat or of one forum topic, paging the history from the
 * newest message down to `minId` / `filter.fromId` (starting below
 * `filter.toId` / `filter.until`, stopping once past `filter.since`).
 * FLOOD_WAITs are waited out. Each item keeps its origin, albums are grouped.
 */
export async function listChatMedia(
  session: ClientSession,
  chat: ChatRef,
  opts: ListOptions = {},
): Promise<ChatListing> {
  const filter = opts.filter ?? {}
  const lower = Math.max(opts.minId ?? 0, (filter.fromId ?? 1) - 1)
  const pageSize = Math.min(Math.max(opts.pageSize ?? 100, 1), 100)
  let offsetId = filter.toId === undefined ? 0 : filter.toId + 1
  let offsetDate = offsetId === 0 ? (filter.until ?? 0) : 0
  const found: MediaItem[] = []
  let topId = opts.minId ?? 0
  let requests = 0
  let complete = true
  for (;;) {
    const page = await historyPage(session, chat, opts, {
      offsetId,
      offsetDate,
      minId: lower,
      limit: pageSize,
    })
    requests++
    const messages = page.messages.filter((m) => m._ !== 'messageEmpty' && m.id > lower)
    if (messages.length === 0) break
    for (const m of messages) {
      topId = Math.max(topId, m.id)
      const item = m._ === 'message' ? mediaFromMessage(m, { channel: chat.channel, msgId: m.id }) : undefined
      if (item && matchesFilter(item, filter)) found.push(item)
    }
    const oldest = messages.reduce((a, b) => (b.id < a.id ? b : a))
    if (opts.limit !== undefined && found.length >= opts.limit) {
      // items beyond the limit are left for later: only a listing that kept everything is complete
      complete = found.length === opts.limit && oldest.id <= lower + 1
      break
    }
    const pastSince = filter.since !== undefined && oldest._ !== 'messageEmpty' && oldest.date < filter.since
    // no progress means a server that ignores offset_id: stop rather than loop
    if (oldest.id <= lower + 1 || pastSince || (offsetId > 0 && oldest.id >= offsetId)) break
    offsetId = oldest.id
    offsetDate = 0
  }
  const newestFirst = found.sort((a, b) => b.origin.msgId - a.origin.msgId)
  const kept = opts.limit === undefined ? newestFirst : newestFirst.slice(0, opts.limit)
  return { groups: grouped(kept.reverse()), topId, complete, requests }
}

/** The id of a chat's (or topic's) newest message; 0 for an empty one. */
export async function newestMessageId(
  session: ClientSession,
  chat: ChatRef,
  opts: Pick<ListOptions, 'topicId' | 'signal' | 'onFloodWait'> = {},
): Promise<number> {
  const page = await historyPage(session, chat, opts, { offsetId: 0, offsetDate: 0, minId: 0, limit: 1 })
  return page.messages.reduce((top, m) => Math.max(top, m.id), 0)
}
