import {
  ALL_JOBS,
  type GroupState,
  type Job,
  type JobCounts,
  type JobKind,
  type JobOptions,
  type JobQueue,
  type JobState,
  type Lease,
  LeaseLostError,
} from './job-queue.js'

interface Entry {
  job: Job
  priority: number
  backoffMs: number
  dueAt: number
  token?: string
  lockedUntil?: number
}

const STATES: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed', 'paused']

/** A JobQueue in memory, for unit tests of the jobs (no persistence, one process). */
export class MemoryQueue implements JobQueue {
  private readonly entries = new Map<string, Entry>()
  private readonly marks = new Map<string, GroupState>()
  private tokens = 0

  constructor(private readonly now: () => number = Date.now) {}

  async add<T>(kind: JobKind, data: T, opts: JobOptions): Promise<boolean> {
    if (this.entries.has(opts.jobId)) return false
    const mark = opts.group === undefined ? undefined : this.marks.get(opts.group)
    if (mark === 'removed') return false
    const delay = opts.delayMs ?? 0
    const job: Job = {
      id: opts.jobId,
      kind,
      // a copy, as a store would keep it
      data: structuredClone(data),
      state: delay > 0 ? 'delayed' : 'waiting',
      attemptsMade: 0,
      attempts: opts.attempts ?? 5,
      createdAt: this.now(),
    }
    if (opts.group !== undefined) job.group = opts.group
    if (mark === 'paused') job.state = 'paused'
    this.entries.set(job.id, {
      job,
      priority: opts.priority ?? 0,
      backoffMs: opts.backoffMs ?? 1000,
      dueAt: this.now() + delay,
    })
    return true
  }

  async lease<T>(kinds: JobKind[], _worker: string, lockMs: number): Promise<Lease<T> | undefined> {
    if (this.marks.get(ALL_JOBS) === 'paused') return undefined
    const due = [...this.entries.values()]
      .filter((e) => kinds.includes(e.job.kind))
      .filter((e) => e.job.state === 'waiting' || (e.job.state === 'delayed' && e.dueAt <= this.now()))
      .sort((a, b) => b.priority - a.priority || a.job.createdAt - b.job.createdAt)
    const next = due[0]
    if (!next) return undefined
    next.job.state = 'active'
    next.token = String(++this.tokens)
    next.lockedUntil = this.now() + lockMs
    return { job: next.job as Job<T>, token: next.token }
  }

  async version(): Promise<string> {
    return [...this.entries.values()].map((e) => `${e.job.id}:${e.job.state}:${e.job.attemptsMade}`).join()
  }

  async heartbeat(lease: Lease, lockMs: number): Promise<boolean> {
    const e = this.held(lease)
    if (e) e.lockedUntil = this.now() + lockMs
    return e !== undefined
  }

  async complete(lease: Lease, result?: unknown): Promise<void> {
    const e = this.held(lease)
    if (!e) throw new LeaseLostError(lease.job.id)
    Object.assign(e.job, { state: 'completed', result, finishedAt: this.now() })
    e.job.attemptsMade++
    e.token = undefined
  }

  async setProgress(id: string, progress: unknown): Promise<void> {
    const job = this.entries.get(id)?.job
    if (job?.state === 'active') job.progress = structuredClone(progress)
  }

  async fail(lease: Lease, reason: string, opts: { retry?: boolean; delayMs?: number } = {}): Promise<void> {
    const e = this.held(lease)
    if (!e) throw new LeaseLostError(lease.job.id)
    e.token = undefined
    e.job.attemptsMade++
    e.job.failedReason = reason
    if (opts.retry === false || e.job.attemptsMade >= e.job.attempts) {
      Object.assign(e.job, { state: 'failed', finishedAt: this.now() })
      return
    }
    e.dueAt = this.now() + (opts.delayMs ?? e.backoffMs * 2 ** (e.job.attemptsMade - 1))
    const mark = e.job.group === undefined ? undefined : this.marks.get(e.job.group)
    if (mark === 'removed') this.entries.delete(e.job.id)
    e.job.state = mark === 'paused' ? 'paused' : 'delayed'
  }

  async recoverStalled(): Promise<number> {
    let n = 0
    for (const e of this.entries.values())
      if (e.job.state === 'active' && (e.lockedUntil ?? 0) < this.now()) {
        e.token = undefined
        e.job.attemptsMade++
        e.job.failedReason = 'stalled: its lease was not renewed'
        e.job.state = e.job.attemptsMade >= e.job.attempts ? 'failed' : 'waiting'
        n++
      }
    return n
  }

  async get<T>(id: string): Promise<Job<T> | undefined> {
    return this.entries.get(id)?.job as Job<T> | undefined
  }

  async list<T>(opts: { kind?: JobKind; states?: JobState[]; limit?: number }): Promise<Job<T>[]> {
    return [...this.entries.values()]
      .map((e) => e.job as Job<T>)
      .filter(
        (j) =>
          (opts.kind === undefined || j.kind === opts.kind) &&
          (!opts.states || opts.states.includes(j.state)),
      )
      .slice(0, opts.limit)
  }

  async counts(kind?: JobKind): Promise<JobCounts> {
    const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as JobCounts
    for (const { job } of this.entries.values())
      if (kind === undefined || job.kind === kind) counts[job.state]++
    return counts
  }

  async pause(id: string): Promise<void> {
    const job = this.entries.get(id)?.job
    if (job && (job.state === 'waiting' || job.state === 'delayed')) job.state = 'paused'
  }

  async resume(id: string): Promise<void> {
    const e = this.entries.get(id)
    // a job paused before it was due is still not due
    if (e?.job.state === 'paused') e.job.state = e.dueAt > this.now() ? 'delayed' : 'waiting'
  }

  async remove(id: string): Promise<void> {
    this.entries.delete(id)
  }

  async pauseGroup(group: string): Promise<void> {
    this.marks.set(group, 'paused')
    if (group === ALL_JOBS) return
    for (const { job } of this.entries.values()) if (job.group === group) await this.pause(job.id)
  }

  async resumeGroup(group: string): Promise<void> {
    this.marks.delete(group)
    for (const { job } of this.entries.values()) if (job.group === group) await this.resume(job.id)
  }

  async removeGroup(group: string): Promise<number> {
    this.marks.set(group, 'removed')
    let n = 0
    for (const { job } of [...this.entries.values()])
      if (job.group === group && job.state !== 'active') {
        this.entries.delete(job.id)
        n++
      }
    return n
  }

  async groups(): Promise<Record<string, GroupState>> {
    return Object.fromEntries(this.marks)
  }

  async close(): Promise<void> {}

  private held(lease: Lease): Entry | undefined {
    const e = this.entries.get(lease.job.id)
    return e?.job.state === 'active' && e.token === lease.token ? e : undefined
  }
}
