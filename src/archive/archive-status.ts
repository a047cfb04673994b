import type { DedupStore } from './dedup-store.js'
import type { FileJobResult } from './jobs/job-data.js'
import type { JobCounts, JobKind, JobQueue } from './queue/job-queue.js'

export interface ArchiveStatus {
  counts: Record<JobKind, JobCounts>
  /** every failed job: what it was and why it failed last */
  failed: Array<{ kind: JobKind; id: string; attemptsMade: number; reason: string }>
  /** bytes the completed file jobs put in place (downloaded or linked) */
  bytesDone: number
  /** bytes dedup linked instead of downloading */
  bytesSaved: number
}

/** What `archive status` shows, read from the queue and the dedup store. */
export async function archiveStatus(queue: JobQueue, dedup: DedupStore): Promise<ArchiveStatus> {
  const [chat, file] = await Promise.all([queue.counts('chat'), queue.counts('file')])
  const failedJobs = await queue.list({ states: ['failed'] })
  const completed = await queue.list<unknown>({ kind: 'file', states: ['completed'] })
  return {
    counts: { chat, file },
    failed: failedJobs.map((j) => ({
      kind: j.kind,
      id: j.id,
      attemptsMade: j.attemptsMade,
      reason: j.failedReason ?? '',
    })),
    bytesDone: completed.reduce((sum, j) => sum + ((j.result as FileJobResult | undefined)?.bytes ?? 0), 0),
    bytesSaved: dedup.dedupedBytes(),
  }
}
