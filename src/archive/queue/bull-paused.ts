/**
 * Per-job pause for BullQueue. BullMQ only pauses whole queues, so a paused
 * job is removed from BullMQ and its description kept in a hash beside its
 * queue, `<prefix>:<name>-<kind>:tgfetch-paused`, until resumed (added again
 * with the rest of its delay). The hash is written before the removal: a
 * crash between leaves the job in both places, and the BullMQ job wins.
 */
import type { Queue } from 'bullmq'
import type { Stored } from './bull-jobs.js'
import type { Job, JobKind } from './job-queue.js'

export interface PausedJob {
  /** `tries` holds the tries made so far: BullMQ's counters start again on resume */
  data: Stored
  attempts: number
  backoffMs: number
  priority: number
  /** epoch ms when it is due */
  dueAt: number
  failedReason?: string
}

export class PausedJobs {
  constructor(private readonly queues: Map<JobKind, Queue<Stored, unknown, JobKind>>) {}

  private async hash(kind: JobKind) {
    const q = this.queues.get(kind)!
    return { key: q.toKey('tgfetch-paused'), redis: await q.backend.client }
  }

  async find(id: string): Promise<{ kind: JobKind; job: PausedJob } | undefined> {
    for (const kind of this.queues.keys()) {
      const { key, redis } = await this.hash(kind)
      const raw = await redis.hget(key, id)
      if (raw) return { kind, job: JSON.parse(raw) as PausedJob }
    }
    return undefined
  }

  async all(kind: JobKind): Promise<[string, PausedJob][]> {
    const { key, redis } = await this.hash(kind)
    return Object.entries(await redis.hgetall(key)).map(([id, raw]) => [id, JSON.parse(raw) as PausedJob])
  }

  async put(kind: JobKind, id: string, job: PausedJob): Promise<void> {
    const { key, redis } = await this.hash(kind)
    await redis.hset(key, { [id]: JSON.stringify(job) })
  }

  async drop(kind: JobKind, id: string): Promise<void> {
    const { key, redis } = await this.hash(kind)
    await redis.hdel(key, id)
  }
}

export function fromPaused<T>(id: string, kind: JobKind, job: PausedJob): Job<T> {
  const out: Job<T> = {
    id,
    kind,
    data: job.data.data as T,
    state: 'paused',
    attemptsMade: job.data.tries,
    attempts: job.attempts,
    createdAt: job.data.createdAt,
  }
  if (job.data.group !== undefined) out.group = job.data.group
  if (job.failedReason) out.failedReason = job.failedReason
  return out
}
