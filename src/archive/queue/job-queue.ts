import { TgfetchError } from '../../errors/index.js'
/**
 * The archive's durable job queue: one model, two backends (the local SQLite
 * store by default, BullMQ on Redis across machines). Names follow BullMQ's
 * vocabulary so both adapters read alike: a job is `waiting`, `delayed`
 * (retry backoff or a repeat not yet due), `active` (leased by one worker,
 * kept alive by heartbeats), `completed` or `failed`; a lease that stops
 * beating is *stalled* and the job goes back to `waiting`.
 */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'paused'

/** The two kinds of archive work: list a chat's posts, fetch one file. */
export type JobKind = 'chat' | 'file'

export interface JobOptions {
  /** idempotency key: adding a job whose id exists is a no-op (a file job's id is its file identity) */
  jobId: string
  /** tries before the job is `failed` for good (default 5) */
  attempts?: number
  /** first retry delay, doubled each try (default 1000 ms) */
  backoffMs?: number
  /** not before this long from now */
  delayMs?: number
  /** higher first (default 0) */
  priority?: number
  /** the group (one chat's jobs) paused, resumed and removed together: see `pauseGroup` */
  group?: string
}

export interface Job<T = unknown> {
  id: string
  kind: JobKind
  data: T
  state: JobState
  /** tries made so far: completed, failed or stalled (a stalled lease counts as one) */
  attemptsMade: number
  attempts: number
  /** why the last try failed */
  failedReason?: string
  /** what the job returned */
  result?: unknown
  /** epoch ms */
  createdAt: number
  finishedAt?: number
  group?: string
  /** what the job's holder last reported while it ran (JSON) */
  progress?: unknown
}

/** Thrown by `complete`/`fail` with a lease that is no longer held (it stalled and was recovered or taken over). */
export class LeaseLostError extends TgfetchError {
  readonly category = 'service'
  constructor(readonly jobId: string) {
    super(`lease on job ${jobId} lost`)
  }
}

/** A job held by one worker until it completes, fails or stops heart-beating. */
export interface Lease<T = unknown> {
  job: Job<T>
  /** opaque; proves the holder when heart-beating, completing or failing */
  token: string
}

export type JobCounts = Record<JobState, number>

/** The group that stands for every job: pausing it pauses the whole queue. */
export const ALL_JOBS = '*'

/** A group's mark: `paused` (its jobs wait), `removed` (jobs added to it are refused). */
export type GroupState = 'paused' | 'removed'

export interface JobQueue {
  /** Adds a job; returns false when a job with that id already exists (whatever its state). */
  add<T>(kind: JobKind, data: T, opts: JobOptions): Promise<boolean>
  /**
   * The next job of `kinds` that is due, leased to `worker` for `lockMs`, or
   * undefined when none is waiting (it does not block: a caller polls, and
   * `signal` only cancels). Higher priority first, then the earliest due.
   */
  lease<T>(
    kinds: JobKind[],
    worker: string,
    lockMs: number,
    signal?: AbortSignal,
  ): Promise<Lease<T> | undefined>
  /**
   * A mark that moves when any worker changes the queue (adds, leases,
   * completes or fails a job, …): an idle worker reads it often, cheaply,
   * and asks for a lease again only once it moved. It may also move when
   * nothing leasable changed; a job that becomes due with time does not move it.
   */
  version(): Promise<string>
  /** Keeps a lease for another `lockMs`; false when it was lost (stalled and taken over). */
  heartbeat(lease: Lease, lockMs: number): Promise<boolean>
  complete(lease: Lease, result?: unknown): Promise<void>
  /** Records how far an active job is (JSON, for `archive status`); ignored when the job is not active. */
  setProgress(id: string, progress: unknown): Promise<void>
  /**
   * A failed try: retried with backoff while attempts remain, else `failed`.
   * `retry: false` fails it for good; `delayMs` replaces the backoff (a flood wait).
   */
  fail(lease: Lease, reason: string, opts?: { retry?: boolean; delayMs?: number }): Promise<void>
  /**
   * Moves active jobs whose lease expired back to `waiting`; returns how many.
   * One that stalled on its last attempt is `failed`: at once on SQLite, and
   * on Redis when next leased (BullMQ's own deferred failure works so too).
   */
  recoverStalled(): Promise<number>
  get<T>(id: string): Promise<Job<T> | undefined>
  /** Oldest first. */
  list<T>(opts: { kind?: JobKind; states?: JobState[]; limit?: number }): Promise<Job<T>[]>
  counts(kind?: JobKind): Promise<JobCounts>
  /** Pauses or resumes one job (waiting/delayed ↔ paused; other states are left alone), or removes it. */
  pause(id: string): Promise<void>
  resume(id: string): Promise<void>
  remove(id: string): Promise<void>
  /**
   * Pauses a group: none of its jobs is leased; its waiting and delayed jobs
   * read `paused`, and so do those added to it later and those of its active
   * ones that fail and will be retried (the active ones finish). `ALL_JOBS`
   * pauses the whole queue instead: nothing is leased, states stay as they are.
   */
  pauseGroup(group: string): Promise<void>
  /** Clears a group's mark (paused or removed): its paused jobs wait again, delayed ones until due. */
  resumeGroup(group: string): Promise<void>
  /**
   * Removes every job of the group but its active ones (they finish) and
   * refuses jobs added to it until `resumeGroup`; returns how many went.
   */
  removeGroup(group: string): Promise<number>
  /** The groups marked paused or removed (`ALL_JOBS` when the queue is paused). */
  groups(): Promise<Record<string, GroupState>>
  close(): Promise<void>
}
