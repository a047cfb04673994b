import { sleep } from '../async/index.js'
import { RpcError } from '../mtproto/index.js'
import { FileGoneError } from './jobs/fetch-file.js'
import {
  type ChatJobData,
  type ChatJobResult,
  chatGroup,
  chatJobId,
  type FileJobData,
  type FileJobResult,
} from './jobs/job-data.js'
import { type JobKind, type JobQueue, type Lease, LeaseLostError } from './queue/job-queue.js'

/** The job functions with their services bound; `signal` aborts when the lease is lost. */
export interface JobRunners {
  chat(data: ChatJobData, signal: AbortSignal): Promise<ChatJobResult>
  file(data: FileJobData, signal: AbortSignal): Promise<FileJobResult>
}

export type WorkerEvent =
  | { type: 'completed'; kind: JobKind; id: string; result: ChatJobResult | FileJobResult }
  /** `retry`: it will be tried again */
  | { type: 'failed'; kind: JobKind; id: string; reason: string; retry: boolean }
  | { type: 'lease-lost'; kind: JobKind; id: string }

export interface WorkerOptions {
  queue: JobQueue
  runners: JobRunners
  /** this loop's name in the queue's leases */
  name: string
  /** how long a lease lasts without a heartbeat (default 60 s) */
  lockMs?: number
  /**
   * With nothing due, the loop looks at the queue's version every `pollMs`
   * (default 100 ms) and asks for a job again once it moved (a job added,
   * one finished or failed, by any worker) or `idleMs` passed (default 1 s:
   * a delayed job falls due without moving it)
   */
  idleMs?: number
  /** how often an idle loop reads the queue's version (default 100 ms) */
  pollMs?: number
  /** return once no job is waiting or active and no file job waits for a retry */
  untilIdle?: boolean
  /** false while this process may not work (it holds no account): no job is leased meanwhile */
  canWork?(): boolean
  /** drain: the job held is finished, no other is leased */
  signal: AbortSignal
  onEvent?(event: WorkerEvent): void
}

const KINDS: JobKind[] = ['chat', 'file']

async function isIdle(queue: JobQueue): Promise<boolean> {
  const [chat, file] = await Promise.all([queue.counts('chat'), queue.counts('file')])
  // a delayed chat job is a watch's next poll: it never ends, so it does not count
  return chat.waiting + chat.active + file.waiting + file.active + file.delayed === 0
}

/** Adds the chat's next pass: at once when this one stopped at its limit, later when watching. */
async function addNextPass(queue: JobQueue, data: ChatJobData, result: ChatJobResult): Promise<void> {
  if (!result.more && data.watchMs === undefined) return
  const next: ChatJobData = { ...data, lastId: result.lastId, pass: (data.pass ?? 0) + 1 }
  await queue.add('chat', next, {
    jobId: chatJobId(next),
    group: chatGroup(next.chat),
    delayMs: result.more ? undefined : data.watchMs,
  })
}

async function runJob(lease: Lease, opts: WorkerOptions, signal: AbortSignal) {
  const { job } = lease
  if (job.kind === 'file') return opts.runners.file(job.data as FileJobData, signal)
  const data = job.data as ChatJobData
  const result = await opts.runners.chat(data, signal)
  // before `complete`: a crash in between runs this pass again, and adding the same next pass is a no-op
  await addNextPass(opts.queue, data, result)
  return result
}

/** A FLOOD_WAIT's length replaces the backoff: trying sooner is only refused again. */
function floodDelayMs(e: unknown): number | undefined {
  return e instanceof RpcError && e.isFloodWait && e.seconds !== undefined ? e.seconds * 1000 : undefined
}

/** Runs one leased job with heartbeats; the queue learns how it ended. */
async function work(lease: Lease, opts: WorkerOptions, lockMs: number): Promise<void> {
  const { queue, onEvent } = opts
  const { id, kind } = lease.job
  const lost = new AbortController()
  const beat = setInterval(() => {
    queue.heartbeat(lease, lockMs).then(
      (held) => {
        if (!held) lost.abort(new LeaseLostError(id))
      },
      () => {}, // a missed beat is retried at the next interval; the lease outlives two
    )
  }, lockMs / 3)
  try {
    const result = await runJob(lease, opts, lost.signal)
    await queue.complete(lease, result)
    onEvent?.({ type: 'completed', kind, id, result })
  } catch (e) {
    if (e instanceof LeaseLostError || lost.signal.aborted) {
      // another worker has the job now: nothing of ours to record
      onEvent?.({ type: 'lease-lost', kind, id })
      return
    }
    const reason = e instanceof Error ? e.message : String(e)
    const retryable = !(e instanceof FileGoneError)
    try {
      await queue.fail(lease, reason, { retry: retryable, delayMs: floodDelayMs(e) })
      const retry = retryable && lease.job.attemptsMade + 1 < lease.job.attempts
      onEvent?.({ type: 'failed', kind, id, reason, retry })
    } catch (failError) {
      if (!(failError instanceof LeaseLostError)) throw failError
      onEvent?.({ type: 'lease-lost', kind, id })
    }
  } finally {
    clearInterval(beat)
  }
}

/** Returns once the queue's version is no longer `seen`, `idleMs` passed or `signal` aborted. */
async function waitForChange(
  queue: JobQueue,
  seen: string,
  idleMs: number,
  pollMs: number,
  signal: AbortSignal,
): Promise<void> {
  const until = Date.now() + idleMs
  while (!signal.aborted) {
    const left = until - Date.now()
    if (left <= 0) return
    await sleep(Math.min(pollMs, left), signal).catch(() => undefined)
    // a store that cannot answer is asked for a lease at the end of idleMs, as before
    if ((await queue.version().catch(() => seen)) !== seen) return
  }
}

/**
 * One job loop: leases chat and file jobs, runs each with heartbeats
 * (every lockMs/3) and records how it ended; with nothing due it waits for
 * the queue to change (see {@link WorkerOptions.idleMs}); now and then it moves jobs
 * whose worker died back to waiting. Returns when `signal` aborts (after
 * the job it holds) or, with `untilIdle`, when there is nothing left to do.
 */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const { queue, signal } = opts
  const lockMs = opts.lockMs ?? 60_000
  let nextSweep = 0
  while (!signal.aborted) {
    if (Date.now() >= nextSweep) {
      await queue.recoverStalled()
      nextSweep = Date.now() + lockMs
    }
    // read before looking: a change made after the look moves it
    const seen = await queue.version().catch(() => '')
    const lease = opts.canWork?.() === false ? undefined : await queue.lease(KINDS, opts.name, lockMs)
    if (lease) {
      await work(lease, opts, lockMs)
      continue
    }
    if (opts.untilIdle && (await isIdle(queue))) return
    await waitForChange(queue, seen, opts.idleMs ?? 1000, opts.pollMs ?? 100, signal)
  }
}
