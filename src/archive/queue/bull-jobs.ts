/**
 * How archive jobs are stored in BullMQ: the payload wrapped with what BullMQ
 * does not keep for us, our priority on BullMQ's scale, and BullMQ's states
 * and counters read as the archive's.
 */
import type { Job as BullJob, JobState as BullState } from 'bullmq'
import type { Job, JobKind, JobState } from './job-queue.js'

export interface Stored<T = unknown> {
  data: T
  /** proves which of two racing `add`s with one jobId created the job */
  nonce: string
  /** our own, so a job paused and resumed (removed and added again) keeps it */
  createdAt: number
  /** tries made before the job was last paused (BullMQ's counters start again on resume) */
  tries: number
  /** JobOptions.group */
  group?: string
}

export type StoredJob<T = unknown> = BullJob<Stored<T>, unknown, JobKind>

/** BullMQ runs priority 1 first and 0 (none) before all; ours is higher first, default 0. */
const PRIORITY_ZERO = 1_000_000
const PRIORITY_MAX = 2_097_152
export const toBullPriority = (priority: number): number =>
  Math.min(PRIORITY_MAX, Math.max(1, PRIORITY_ZERO - Math.trunc(priority)))
export const fromBullPriority = (priority: number): number => PRIORITY_ZERO - priority

/** A stalled lease counts as a try; BullMQ counts those apart (stalledCounter). */
export const triesOf = (job: StoredJob): number =>
  job.attemptsMade + job.stalledCounter + (job.data.tries ?? 0)

export const attemptsOf = (job: StoredJob): number => job.opts.attempts ?? 1

export const backoffOf = (job: StoredJob): number => {
  const backoff = job.opts.backoff
  return typeof backoff === 'number' ? backoff : (backoff?.delay ?? 0)
}

/**
 * 'prioritized' and 'waiting-children' are waiting by another name. BullMQ 6
 * has no 'paused' job state: pausing a whole queue (an operator's act this
 * adapter never does) leaves its jobs in 'wait'. Our per-job `paused` lives in
 * a hash beside the queue (see bull-queue.ts).
 */
export function stateOf(state: BullState | 'unknown'): JobState | undefined {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      return 'waiting'
    case 'delayed':
    case 'active':
    case 'completed':
    case 'failed':
      return state
    default:
      return undefined
  }
}

/** BullMQ's list names for each of our states (`paused` is ours, not BullMQ's) */
export const BULL_TYPES = {
  waiting: ['wait', 'prioritized', 'waiting-children'],
  delayed: ['delayed'],
  active: ['active'],
  completed: ['completed'],
  failed: ['failed'],
} as const

/**
 * Our job ids as BullMQ stores them: it refuses ids with a ':' (but for its
 * own repeat-job form), and file identities have one. %-escaped, reversibly.
 */
export const toBullId = (id: string): string => id.replace(/%/g, '%25').replace(/:/g, '%3A')
export const fromBullId = (id: string): string => id.replace(/%3A/g, ':').replace(/%25/g, '%')

export function toJob<T>(job: StoredJob<T>, state: JobState): Job<T> {
  const out: Job<T> = {
    id: fromBullId(job.id!),
    kind: job.name,
    data: job.data.data,
    state,
    attemptsMade: triesOf(job),
    attempts: attemptsOf(job),
    createdAt: job.data.createdAt,
  }
  if (job.data.group !== undefined) out.group = job.data.group
  // BullMQ's progress starts as the number 0: only what a holder reported counts
  if (state === 'active' && typeof job.progress === 'object') out.progress = job.progress
  if (job.failedReason) out.failedReason = job.failedReason
  if (state === 'completed' && job.returnvalue != null) out.result = job.returnvalue
  if (job.finishedOn && (state === 'completed' || state === 'failed')) out.finishedAt = job.finishedOn
  return out
}
