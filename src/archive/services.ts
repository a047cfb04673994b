import Long from 'long'
import { sleep } from '../async/index.js'
import type { AccountSessions } from '../client/account-session.js'
import type { DownloadEngine, DownloadOptions } from '../download/engine.js'
import type { SharedFloods } from '../download/flood-gate.js'
import { TgfetchError } from '../errors/index.js'
import { RpcError } from '../mtproto/index.js'
import type { ArchiveMetrics } from './archive-metrics.js'
import type { DedupStore } from './dedup-store.js'
import type { HeldAccount } from './held-accounts.js'
import { pagesAfter } from './history.js'
import { publishProgress } from './job-progress.js'
import { fetchFile } from './jobs/fetch-file.js'
import { type ChatJobData, fileJobId } from './jobs/job-data.js'
import { listChat } from './jobs/list-chat.js'
import { mediaAt } from './media-at.js'
import type { JobQueue } from './queue/job-queue.js'
import type { JobRunners } from './worker.js'

/** No account is held by this process just now (another worker has them all); the job is tried again. */
export class NoAccountHeldError extends TgfetchError {
  readonly category = 'service'
  constructor() {
    super('no account held by this worker')
  }
}

export interface ArchiveServicesOptions {
  /** the account a job works with: the next one this process holds */
  account(): HeldAccount<AccountSessions> | undefined
  /** FLOOD_WAITs shared with the other workers, by the held account's key (the engine shares its own) */
  floods?: SharedFloods
  engine: DownloadEngine
  queue: JobQueue
  dedup: DedupStore
  /** passed to every download (connections, part size, …) */
  download?: Omit<DownloadOptions, 'path' | 'signal' | 'sha256' | 'accounts'>
  /** messages per chat pass (default: listChat's) */
  maxMessages?: number
  /** how long a dead worker's claim on a file keeps others from downloading it (default fetchFile's) */
  claimMs?: number
  /** counts the downloads' bytes and files, and every FLOOD_WAIT a job meets */
  metrics?: ArchiveMetrics
}

/** The seconds of a FLOOD_WAIT Telegram answered, undefined for any other failure. */
const floodSeconds = (e: unknown): number | undefined =>
  e instanceof RpcError && e.isFloodWait ? e.seconds : undefined

/**
 * Calls `method` for the account no sooner than any FLOOD_WAIT a worker
 * stored for it, and stores the one it is told, so that no process sends
 * it during the wait; `onFlood` hears of it.
 */
async function honouringFloods<T>(
  floods: SharedFloods | undefined,
  key: string,
  method: string,
  signal: AbortSignal,
  onFlood: (seconds: number) => void,
  call: (onFlood: (seconds: number) => void) => Promise<T>,
): Promise<T> {
  const until = floods ? await floods.floodUntil(key, method).catch(() => 0) : 0
  if (until > Date.now()) await sleep(until - Date.now(), signal)
  try {
    return await call(onFlood)
  } catch (e) {
    const seconds = floodSeconds(e)
    if (seconds !== undefined) {
      onFlood(seconds)
      await floods?.setFloodUntil(key, method, Date.now() + seconds * 1000).catch(() => {})
    }
    throw e
  }
}

/** The job functions bound to the accounts held, one engine and the archive's stores. */
export function archiveRunners(opts: ArchiveServicesOptions): JobRunners {
  const { engine, queue, dedup, floods } = opts
  const held = (signal: AbortSignal): { held: HeldAccount<AccountSessions>; signal: AbortSignal } => {
    const h = opts.account()
    if (!h) throw new NoAccountHeldError()
    // the job stops when its lease on the job or the worker's lease on the account is lost
    return { held: h, signal: AbortSignal.any([signal, h.signal]) }
  }
  /** counts a FLOOD_WAIT met by the account's `method` */
  const flooded =
    (account: string, method: string) =>
    (seconds: number): void =>
      opts.metrics?.flooded(account, method, seconds)
  return {
    chat(data, jobSignal) {
      const { held: h, signal } = held(jobSignal)
      const method = data.topicId === undefined ? 'messages.getHistory' : 'messages.getReplies'
      // the pages wait out the FLOOD_WAITs they meet; one they give up on ends the job, to be tried later
      return honouringFloods(floods, h.key, method, signal, flooded(h.account.label, method), (onFlood) =>
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
            yield* pagesAfter(await h.account.home(signal), channel, afterId, {
              topicId: d.topicId,
              signal,
              onFloodWait: onFlood,
            })
          },
        }),
      )
    },
    file(data, jobSignal) {
      const { held: h, signal } = held(jobSignal)
      return fetchFile(data, {
        engine,
        dedup,
        signal,
        claimMs: opts.claimMs,
        download: { ...opts.download, accounts: [h.account.label] },
        mediaItem: (chat, msgId, s) =>
          honouringFloods(
            floods,
            h.key,
            'channels.getMessages',
            s ?? signal,
            flooded(h.account.label, 'channels.getMessages'),
            (onFlood) =>
              h.account.onHome((home) => mediaAt(home, chat, msgId, s), {
                signal: s,
                // the short FLOOD_WAITs it waits out itself
                onRetry: (e) => {
                  const seconds = floodSeconds(e)
                  if (seconds !== undefined) onFlood(seconds)
                },
              }),
          ),
        onDownload(handle, item) {
          publishProgress(queue, fileJobId(data.identity, data.chat.channelId, data.out), handle)
          opts.metrics?.watchDownload(handle, { account: h.account.label, dc: item.dcId })
        },
      })
    },
  }
}
