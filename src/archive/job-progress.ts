import type { DownloadHandle } from '../download/download-handle.js'
import type { JobQueue } from './queue/job-queue.js'

/** How far a file job's download is, as `archive status` reads it from the queue. */
export interface FileJobProgress {
  bytes: number
  size: number
  /** bytes per second over the last seconds */
  speed: number
  etaSeconds?: number
  /** epoch ms of this report */
  at: number
}

/**
 * Writes a download's progress to its job in the queue, at most once per
 * `everyMs` (the engine reports every 250 ms; the queue may be a network
 * away) and never two writes at once. A failed write is skipped: the next
 * report replaces it.
 */
export function publishProgress(
  queue: Pick<JobQueue, 'setProgress'>,
  jobId: string,
  handle: DownloadHandle,
  everyMs = 1000,
): void {
  let last = 0
  let writing = false
  handle.on('progress', (p) => {
    const now = Date.now()
    if (writing || now - last < everyMs) return
    last = now
    writing = true
    const progress: FileJobProgress = { bytes: p.bytes, size: p.size, speed: p.speed, at: now }
    if (p.etaSeconds !== undefined) progress.etaSeconds = p.etaSeconds
    queue
      .setProgress(jobId, progress)
      .catch(() => {})
      .finally(() => {
        writing = false
      })
  })
}
