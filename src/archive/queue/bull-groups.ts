/**
 * Group marks for BullQueue (a chat paused or removed): one hash beside the
 * chat queue, `<prefix>:<name>-chat:tgfetch-groups`, group → mark. The whole
 * queue's pause is BullMQ's own (`Queue.pause`), read back as `ALL_JOBS`.
 */
import type { Queue } from 'bullmq'
import type { Stored } from './bull-jobs.js'
import type { GroupState, JobKind } from './job-queue.js'

export class GroupMarks {
  constructor(private readonly queue: Queue<Stored, unknown, JobKind>) {}

  private async hash() {
    return { key: this.queue.toKey('tgfetch-groups'), redis: await this.queue.backend.client }
  }

  async get(group: string | undefined): Promise<GroupState | undefined> {
    if (group === undefined) return undefined
    const { key, redis } = await this.hash()
    return ((await redis.hget(key, group)) ?? undefined) as GroupState | undefined
  }

  async all(): Promise<Record<string, GroupState>> {
    const { key, redis } = await this.hash()
    return (await redis.hgetall(key)) as Record<string, GroupState>
  }

  async set(group: string, mark: GroupState): Promise<void> {
    const { key, redis } = await this.hash()
    await redis.hset(key, { [group]: mark })
  }

  async clear(group: string): Promise<void> {
    const { key, redis } = await this.hash()
    await redis.hdel(key, group)
  }
}
