import type { tl } from '@mtcute/tl'
import Long from 'long'
import { withFloodWait } from '../media/flood-wait.js'
import type { ClientSession } from '../mtproto/index.js'

export interface HistoryOptions {
  /** a forum topic (its first message's id): only its messages */
  topicId?: number
  signal?: AbortSignal
  /** Telegram asked to wait before the next page */
  onFloodWait?: (seconds: number) => void
  /** messages per request (Telegram gives at most 100, the default) */
  pageSize?: number
}

/**
 * A channel's (or topic's) messages after `afterId`, oldest first, one page
 * (≤ 100, ascending) at a time: each page asks for the messages just above
 * the last id seen (offset_id = last + 1, add_offset = -limit, min_id = last),
 * so a pass can stop anywhere and the next one continues from its last id.
 * FLOOD_WAITs are waited out.
 */
export async function* pagesAfter(
  session: ClientSession,
  channel: tl.RawInputChannel,
  afterId: number,
  opts: HistoryOptions = {},
): AsyncGenerator<tl.TypeMessage[]> {
  const peer: tl.RawInputPeerChannel = {
    _: 'inputPeerChannel',
    channelId: channel.channelId,
    accessHash: channel.accessHash,
  }
  const limit = Math.min(Math.max(opts.pageSize ?? 100, 1), 100)
  let last = afterId
  for (;;) {
    const common = {
      peer,
      offsetId: last + 1,
      offsetDate: 0,
      addOffset: -limit,
      limit,
      maxId: 0,
      minId: last,
      hash: Long.ZERO,
    }
    const answer = await withFloodWait(
      () =>
        opts.topicId === undefined
          ? session.call({ _: 'messages.getHistory', ...common }, { signal: opts.signal })
          : session.call(
              { _: 'messages.getReplies', ...common, msgId: opts.topicId },
              { signal: opts.signal },
            ),
      { signal: opts.signal, onWait: opts.onFloodWait },
    )
    if (answer._ === 'messages.messagesNotModified') return
    const page = answer.messages.filter((m) => m.id > last).sort((a, b) => a.id - b.id)
    if (page.length === 0) return
    yield page
    last = (page.at(-1) as tl.TypeMessage).id
  }
}

/** The id of the channel's (or topic's) newest message, 0 when it has none: where an `--only-new` archive starts. */
export async function newestMessageId(
  session: ClientSession,
  channel: tl.RawInputChannel,
  opts: Pick<HistoryOptions, 'topicId' | 'signal'> = {},
): Promise<number> {
  const peer: tl.RawInputPeerChannel = {
    _: 'inputPeerChannel',
    channelId: channel.channelId,
    accessHash: channel.accessHash,
  }
  const common = {
    peer,
    offsetId: 0,
    offsetDate: 0,
    addOffset: 0,
    limit: 1,
    maxId: 0,
    minId: 0,
    hash: Long.ZERO,
  }
  const answer = await withFloodWait(
    () =>
      opts.topicId === undefined
        ? session.call({ _: 'messages.getHistory', ...common }, { signal: opts.signal })
        : session.call({ _: 'messages.getReplies', ...common, msgId: opts.topicId }, { signal: opts.signal }),
    { signal: opts.signal },
  )
  if (answer._ === 'messages.messagesNotModified') return 0
  return answer.messages.reduce((top, m) => Math.max(top, m.id), 0)
}
