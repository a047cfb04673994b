/**
 * The archive worker's Prometheus metrics, in a registry of their own. Bytes
 * come from the engine's progress events (fetched bytes, resumed ones not
 * counted), so a download's bytes count as they arrive; everything is a
 * counter or a gauge read on scrape: rates (MB/s) are Prometheus's to compute.
 */
import { Counter, Gauge, Registry } from 'prom-client'
import type { DownloadHandle } from '../download/download-handle.js'
import type { DownloadNotice } from '../download/events.js'
import type { FileJobResult } from './jobs/job-data.js'
import type { JobCounts, JobKind, JobQueue } from './queue/job-queue.js'
import type { WorkerEvent } from './worker.js'

/** Where a download's bytes come from: the account fetching and the file's DC. */
export interface DownloadLabels {
  account: string
  dc: number
}

const KINDS: JobKind[] = ['chat', 'file']

/** The methods an archive job calls: the FLOOD_WAIT metric's `method` label is one of them or `other`. */
const FLOOD_METHODS: readonly string[] = [
  'upload.getFile',
  'upload.getCdnFile',
  'messages.getHistory',
  'messages.getReplies',
  'channels.getMessages',
]

const floodMethod = (method: string | undefined): string =>
  method !== undefined && FLOOD_METHODS.includes(method) ? method : 'other'

export class ArchiveMetrics {
  readonly registry = new Registry()
  private readonly bytes = new Counter({
    name: 'tgfetch_archive_downloaded_bytes_total',
    help: 'bytes downloaded from Telegram (resumed bytes not counted)',
    labelNames: ['account', 'dc'] as const,
    registers: [this.registry],
  })
  private readonly files = new Counter({
    name: 'tgfetch_archive_downloaded_files_total',
    help: 'files downloaded whole',
    labelNames: ['account', 'dc'] as const,
    registers: [this.registry],
  })
  private readonly floodWait = new Counter({
    name: 'tgfetch_archive_flood_wait_seconds_total',
    help: 'seconds of FLOOD_WAIT Telegram asked archive jobs to wait (listing and downloads), by account and method',
    labelNames: ['account', 'method'] as const,
    registers: [this.registry],
  })
  private readonly jobs = new Counter({
    name: 'tgfetch_archive_jobs_total',
    help: 'jobs this worker finished, by kind and outcome (completed, retried, failed, lease_lost)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  })
  private readonly dedupHits = new Counter({
    name: 'tgfetch_archive_dedup_hits_total',
    help: 'files linked from an earlier copy instead of downloaded',
    registers: [this.registry],
  })
  private readonly dedupBytes = new Counter({
    name: 'tgfetch_archive_dedup_saved_bytes_total',
    help: 'bytes linked from an earlier copy instead of downloaded',
    registers: [this.registry],
  })

  constructor(queue: Pick<JobQueue, 'counts'>) {
    new Gauge({
      name: 'tgfetch_archive_queue_jobs',
      help: 'jobs in the queue (all workers), by kind and state, read on scrape',
      labelNames: ['kind', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const kind of KINDS) {
          const counts: JobCounts = await queue.counts(kind)
          for (const [state, n] of Object.entries(counts)) this.set({ kind, state }, n)
        }
      },
    })
  }

  /** Counts a download's fetched bytes as its progress events come, and the file when it is done. */
  watchDownload(handle: DownloadHandle, labels: DownloadLabels): void {
    const where = { account: labels.account, dc: String(labels.dc) }
    let counted = 0
    const count = (fetched: number): void => {
      if (fetched > counted) this.bytes.inc(where, fetched - counted)
      counted = Math.max(counted, fetched)
    }
    handle.on('progress', (p) => count(p.bytes - p.resumedBytes))
    handle.on('done', (r) => {
      count(r.size - r.resumedBytes)
      this.files.inc(where)
    })
  }

  /** An engine notice: FLOOD_WAITs add their seconds. */
  notice(notice: DownloadNotice, account: string): void {
    if ((notice.kind === 'flood-wait' || notice.kind === 'premium-wait') && notice.seconds !== undefined)
      this.flooded(account, notice.method, notice.seconds)
  }

  /** A FLOOD_WAIT a job met outside the engine (listing a chat, fetching a message). */
  flooded(account: string, method: string | undefined, seconds: number): void {
    this.floodWait.inc({ account, method: floodMethod(method) }, seconds)
  }

  /** A worker's event: how jobs end, and what dedup saved. */
  jobEvent(event: WorkerEvent): void {
    const outcome =
      event.type === 'completed'
        ? 'completed'
        : event.type === 'lease-lost'
          ? 'lease_lost'
          : event.retry
            ? 'retried'
            : 'failed'
    this.jobs.inc({ kind: event.kind, outcome })
    if (event.type === 'completed' && event.kind === 'file') {
      const result = event.result as FileJobResult
      if (result.deduped) {
        this.dedupHits.inc()
        this.dedupBytes.inc(result.bytes)
      }
    }
  }
}
