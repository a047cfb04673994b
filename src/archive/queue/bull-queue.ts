import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { type ConnectionOptions, Queue, UnrecoverableError, Worker } from 'bullmq'
import type { RedisConnection } from '../redis-holds.js'
import { GroupMarks } from './bull-groups.js'
import {
  attemptsOf,
  BULL_TYPES,
  backoffOf,
  fromBullId,
  fromBullPriority,
  type Stored,
  type StoredJob,
  stateOf,
  toBullId,
  toBullPriority,
  toJob,
  triesOf,
} from './bull-jobs.js'
import { fromPaused, type PausedJob, PausedJobs } from './bull-paused.js'
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

export interface BullQueueOptions {
  /** ioredis options ({ host, port, … }) */
  connection: RedisConnection
  /** Redis key prefix (default 'tgfetch') */
  prefix?: string
  /** queue name (default 'archive'); each kind gets `<name>-<kind>` */
  name?: string
}

const KINDS: JobKind[] = ['chat', 'file']
const STALLED = 'stalled: lease expired'

/** The newest entry's id of each stream in KEYS, space-separated ('' for an empty one): one round trip. */
const NEWEST_EVENTS = 'tgfetchNewestEvents'
const NEWEST_EVENTS_LUA = `
local ids = {}
for i, key in ipairs(KEYS) do
  local newest = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)[1]
  ids[i] = newest and newest[1] or ''
end
return table.concat(ids, ' ')`

/**
 * The archive queue on Redis through BullMQ, for workers on several machines.
 * BullMQ cannot take the next job *of a name*, so each kind has its own BullMQ
 * queue (jobs are still named by kind); a worker asking for several kinds
 * gets them in the order it lists them. Leases are BullMQ's manual processing:
 * a Worker without a processor hands out jobs with `getNextJob(token)`.
 * Per-job pause: see bull-paused.ts.
 */
export class BullQueue implements JobQueue {
  private readonly queues = new Map<JobKind, Queue<Stored, unknown, JobKind>>()
  private readonly workers = new Map<JobKind, Worker<Stored, unknown, JobKind>>()
  /** leased jobs of this process by token (saves a read per heartbeat) */
  private readonly held = new Map<string, StoredJob>()
  private readonly pausedJobs = new PausedJobs(this.queues)
  private readonly marks: GroupMarks
  private versionDefined = false

  constructor(opts: BullQueueOptions) {
    // null: commands wait out a Redis restart instead of failing (BullMQ's workers require it)
    const connection: ConnectionOptions = { ...opts.connection, maxRetriesPerRequest: null }
    const prefix = opts.prefix ?? 'tgfetch'
    for (const kind of KINDS) {
      const name = `${opts.name ?? 'archive'}-${kind}`
      this.queues.set(kind, new Queue(name, { connection, prefix }))
      // maxStalledCount: never BullMQ's verdict; a stall counts as a try against the job's own attempts.
      // stalledInterval 1: `recoverStalled` sweeps twice in a row and BullMQ throttles sweeps to one per interval.
      const worker = new Worker<Stored, unknown, JobKind>(name, null, {
        connection,
        prefix,
        autorun: false,
        maxStalledCount: 1e9,
        stalledInterval: 1,
      })
      worker.on('error', () => {}) // reconnects are ioredis's; errors reach the caller's promise
      this.workers.set(kind, worker)
    }
    this.marks = new GroupMarks(this.queue('chat'))
  }

  private queue(kind: JobKind): Queue<Stored, unknown, JobKind> {
    return this.queues.get(kind)!
  }

  private async find(id: string): Promise<StoredJob | undefined> {
    for (const kind of KINDS) {
      const job = await this.queue(kind).getJob(toBullId(id))
      if (job) return job
    }
    return undefined
  }

  async add<T>(kind: JobKind, data: T, opts: JobOptions): Promise<boolean> {
    const mark = await this.marks.get(opts.group)
    if (mark === 'removed') return false
    if ((await this.find(opts.jobId)) || (await this.pausedJobs.find(opts.jobId))) return false
    const stored: Stored<T> = { data, nonce: randomUUID(), createdAt: Date.now(), tries: 0 }
    if (opts.group !== undefined) stored.group = opts.group
    await this.queue(kind).add(kind, stored, {
      jobId: toBullId(opts.jobId),
      attempts: opts.attempts ?? 5,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? 1000 },
      delay: opts.delayMs ?? 0,
      priority: toBullPriority(opts.priority ?? 0),
    })
    // BullMQ ignores an add whose jobId exists: ours created it only if our nonce is stored
    const job = await this.queue(kind).getJob(toBullId(opts.jobId))
    const created = job?.data.nonce === stored.nonce
    if (created && mark === 'paused') await this.pause(opts.jobId)
    return created
  }

  async lease<T>(
    kinds: JobKind[],
    worker: string,
    lockMs: number,
    signal?: AbortSignal,
  ): Promise<Lease<T> | undefined> {
    for (const kind of kinds) {
      for (;;) {
        signal?.throwIfAborted()
        const token = `${worker}:${randomUUID()}`
        const job = await this.workers.get(kind)!.getNextJob(token, { block: false })
        if (!job) break
        if (triesOf(job) >= attemptsOf(job)) {
          // it stalled on its last attempt: fail it now, as BullMQ's deferred failure does;
          // that is no try, but moveToFailed counts one (atm + 1): take it back first
          await job.updateData({ ...job.data, tries: job.data.tries - 1 })
          await job.moveToFailed(new UnrecoverableError(STALLED), token, false)
          continue
        }
        if (await this.marks.get(job.data.group)) {
          // its group was paused or removed after it went back to waiting (a stall): put it aside
          await job.moveToWait(token)
          await this.setAside(fromBullId(job.id!))
          continue
        }
        await job.extendLock(token, lockMs) // the lock BullMQ took has the worker's default length
        this.held.set(token, job)
        return { job: toJob(job as StoredJob<T>, 'active'), token }
      }
    }
    return undefined
  }

  async version(): Promise<string> {
    // every change BullMQ makes to a queue is an event on its stream: the newest events' ids
    const redis = await this.queue('chat').backend.client
    if (!this.versionDefined) {
      redis.defineCommand(NEWEST_EVENTS, {
        numberOfKeys: KINDS.length,
        lua: NEWEST_EVENTS_LUA,
        readOnly: true,
      })
      this.versionDefined = true
    }
    return String(
      await redis.runCommand(
        NEWEST_EVENTS,
        KINDS.map((kind) => this.queue(kind).keys.events),
      ),
    )
  }

  private async heldJob(lease: Lease): Promise<StoredJob> {
    const job =
      this.held.get(lease.token) ?? (await this.queue(lease.job.kind).getJob(toBullId(lease.job.id)))
    if (!job) throw new LeaseLostError(lease.job.id)
    return job
  }

  async heartbeat(lease: Lease, lockMs: number): Promise<boolean> {
    const job = await this.heldJob(lease).catch(() => undefined)
    return (await job?.extendLock(lease.token, lockMs)) === 1
  }

  async complete(lease: Lease, result?: unknown): Promise<void> {
    const job = await this.heldJob(lease)
    await job.moveToCompleted(result ?? null, lease.token, false).catch((e: unknown) => lost(lease, e))
    this.held.delete(lease.token)
  }

  async setProgress(id: string, progress: unknown): Promise<void> {
    const job = await this.find(id)
    if (job && (await job.getState()) === 'active') await job.updateProgress(progress as object)
  }

  async fail(lease: Lease, reason: string, opts: { retry?: boolean; delayMs?: number } = {}): Promise<void> {
    const job = await this.heldJob(lease)
    const made = triesOf(job) + 1
    const final = opts.retry === false || made >= attemptsOf(job)
    // BullMQ reads the backoff of this retry from the job's options in memory (the stored
    // ones stay exponential): fixed to our delay, which counts stalls and may be a flood wait
    if (!final) job.opts.backoff = { type: 'fixed', delay: opts.delayMs ?? backoffOf(job) * 2 ** (made - 1) }
    const err = final ? new UnrecoverableError(reason) : new Error(reason)
    await job.moveToFailed(err, lease.token, false).catch((e: unknown) => lost(lease, e))
    this.held.delete(lease.token)
    if (!final) await this.setAside(lease.job.id)
  }

  /** A job of a paused group is paused, one of a removed group removed; others are left alone. */
  private async setAside(id: string): Promise<void> {
    const job = await this.find(id)
    const mark = job && (await this.marks.get(job.data.group))
    if (mark === 'paused') await this.pause(id)
    else if (mark === 'removed') await this.remove(id)
  }

  async recoverStalled(): Promise<number> {
    // BullMQ's stalled checker in two sweeps: the first marks the active jobs (and moves those
    // marked before whose lock expired), the second moves the marked ones whose lock is gone
    let moved = 0
    for (const kind of KINDS) {
      const backend = this.workers.get(kind)!.backend
      moved += (await backend.moveStalledJobsToWait()).length
      await sleep(2) // past the 1 ms stalledInterval throttle
      moved += (await backend.moveStalledJobsToWait()).length
    }
    return moved
  }

  async get<T>(id: string): Promise<Job<T> | undefined> {
    const job = (await this.find(id)) as StoredJob<T> | undefined
    if (job) {
      const state = stateOf(await job.getState())
      return state && toJob(job, state)
    }
    const paused = await this.pausedJobs.find(id)
    return paused && fromPaused<T>(id, paused.kind, paused.job)
  }

  async list<T>(opts: { kind?: JobKind; states?: JobState[]; limit?: number }): Promise<Job<T>[]> {
    const states = opts.states ?? (['waiting', 'delayed', 'active', 'completed', 'failed', 'paused'] as const)
    const jobs: Job<T>[] = []
    for (const kind of opts.kind ? [opts.kind] : KINDS) {
      for (const state of states) {
        if (state === 'paused') {
          for (const [id, job] of await this.pausedJobs.all(kind)) jobs.push(fromPaused<T>(id, kind, job))
          continue
        }
        const found = await this.queue(kind).getJobs([...BULL_TYPES[state]], 0, -1, true)
        for (const job of found) jobs.push(toJob(job as StoredJob<T>, state))
      }
    }
    jobs.sort((a, b) => a.createdAt - b.createdAt)
    return jobs.slice(0, opts.limit ?? jobs.length)
  }

  async counts(kind?: JobKind): Promise<JobCounts> {
    const counts: JobCounts = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0, paused: 0 }
    for (const k of kind ? [kind] : KINDS) {
      const bull = await this.queue(k).getJobCounts(...Object.values(BULL_TYPES).flat())
      for (const [state, types] of Object.entries(BULL_TYPES))
        for (const type of types) counts[state as keyof typeof BULL_TYPES] += bull[type] ?? 0
      counts.paused += (await this.pausedJobs.all(k)).length
    }
    return counts
  }

  async pause(id: string): Promise<void> {
    const job = await this.find(id)
    const state = job && (await job.getState())
    if (!job || !(state === 'waiting' || state === 'prioritized' || state === 'delayed')) return
    const paused: PausedJob = {
      data: { ...job.data, tries: triesOf(job) },
      attempts: attemptsOf(job),
      backoffMs: backoffOf(job),
      priority: fromBullPriority(job.priority),
      dueAt: job.timestamp + (job.delay ?? 0),
    }
    if (job.failedReason) paused.failedReason = job.failedReason
    await this.pausedJobs.put(job.name, id, paused)
    // leased meanwhile: it stays with its worker and is not paused
    await job.remove().catch(() => this.pausedJobs.drop(job.name, id))
  }

  async resume(id: string): Promise<void> {
    const found = await this.pausedJobs.find(id)
    if (!found) return
    const { kind, job } = found
    await this.queue(kind).add(kind, job.data, {
      jobId: toBullId(id),
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: job.backoffMs },
      delay: Math.max(0, job.dueAt - Date.now()),
      priority: toBullPriority(job.priority),
    })
    await this.pausedJobs.drop(kind, id)
  }

  async remove(id: string): Promise<void> {
    for (const kind of KINDS) {
      await this.queue(kind).remove(toBullId(id))
      await this.pausedJobs.drop(kind, id)
    }
  }

  /** Every job of the group but the active ones (BullMQ's and the paused hash's), oldest first. */
  private async groupJobs(group: string): Promise<Job[]> {
    const states: JobState[] = ['waiting', 'delayed', 'completed', 'failed', 'paused']
    return (await this.list({ states })).filter((j) => j.group === group)
  }

  async pauseGroup(group: string): Promise<void> {
    await this.marks.set(group, 'paused')
    if (group === ALL_JOBS) {
      for (const q of this.queues.values()) await q.pause()
      return
    }
    for (const job of await this.groupJobs(group))
      if (job.state === 'waiting' || job.state === 'delayed') await this.pause(job.id)
  }

  async resumeGroup(group: string): Promise<void> {
    const mark = await this.marks.get(group)
    await this.marks.clear(group)
    if (group === ALL_JOBS) {
      for (const q of this.queues.values()) await q.resume()
      return
    }
    // unmarked: nothing paused to look for (`archive add` resumes every chat it adds)
    if (mark !== 'paused') return
    // oldest first: they are leased in the order they were added
    for (const job of await this.groupJobs(group)) if (job.state === 'paused') await this.resume(job.id)
  }

  async removeGroup(group: string): Promise<number> {
    await this.marks.set(group, 'removed')
    const jobs = await this.groupJobs(group)
    for (const job of jobs) await this.remove(job.id)
    return jobs.length
  }

  async groups(): Promise<Record<string, GroupState>> {
    const marks = await this.marks.all()
    delete marks[ALL_JOBS]
    // BullMQ's own pause is the truth for the whole queue
    if (await this.queue('chat').isPaused()) marks[ALL_JOBS] = 'paused'
    return marks
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close(true)))
    await Promise.all([...this.queues.values()].map((q) => q.close()))
  }
}

function lost(lease: Lease, e: unknown): never {
  // BullMQ's lock errors: missing lock, lock mismatch, or not active any more
  if (e instanceof Error && /lock|not in the active state|Missing key/i.test(e.message))
    throw new LeaseLostError(lease.job.id)
  throw e
}
