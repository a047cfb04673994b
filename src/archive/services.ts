import Long from 'long'
import type { AccountSessions } from '../client/account-session.js'
import type { DownloadEngine, DownloadOptions } from '../download/engine.js'
import type { ArchiveMetrics } from './archive-metrics.js'
import type { DedupStore } from './dedup-store.js'
import { pagesAfter } from './history.js'
import { publishProgress } from './job-progress.js'
import { fetchFile } from './jobs/fetch-file.js'
import { type ChatJobData, fileJobId } from './jobs/job-data.js'
import { listChat } from './jobs/list-chat.js'
import { mediaAt } from './media-at.js'
import type { JobQueue } from './queue/job-queue.js'
import type { JobRunners } from './worker.js'

export interface ArchiveServicesOptions {
  /** lists the chats and fetches the files */
  account: AccountSessions
  engine: DownloadEngine
  queue: JobQueue
  dedup: DedupStore
  /** passed to every download (connections, part size, …) */
  download?: Omit<DownloadOptions, 'path' | 'signal' | 'sha256' | 'accounts'>
  /** messages per chat pass (default: listChat's) */
  maxMessages?: number
  /** counts the downloads' bytes and files */
  metrics?: ArchiveMetrics
}

/** The job functions bound to one account, one engine and the archive's stores. */
export function archiveRunners(opts: ArchiveServicesOptions): JobRunners {
  const { account, engine, queue, dedup } = opts
  return {
    chat: (data, signal) =>
      listChat(data, {
        queue,
        dedup,
        maxMessages: opts.maxMessages,
        async *pages(d: ChatJobData, afterId: number) {
          const channel = {
            _: 'inputChannel' as const,
            channelId: d.chat.channelId,
            accessHash: Long.fromString(d.chat.accessHash),
          }
          yield* pagesAfter(await account.home(signal), channel, afterId, { topicId: d.topicId, signal })
        },
      }),
    file: (data, signal) =>
      fetchFile(data, {
        engine,
        dedup,
        signal,
        download: { ...opts.download, accounts: [account.label] },
        mediaItem: (chat, msgId, s) => account.onHome((home) => mediaAt(home, chat, msgId, s), { signal: s }),
        onDownload(handle, item) {
          publishProgress(queue, fileJobId(data.identity, data.chat.channelId, data.out), handle)
          opts.metrics?.watchDownload(handle, { account: account.label, dc: item.dcId })
        },
      }),
  }
}
