import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BullQueue } from './bull-queue.js'
import type { JobQueue } from './job-queue.js'
import { describeJobQueueContract } from './queue-contract.test-helper.js'
import { noRedis, type RunningRedis, startRedis } from './redis-server.test-helper.js'

describe.skipIf(noRedis)(`BullQueue on redis-server${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  let redis: RunningRedis
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(() => redis?.stop())

  // each case its own queue name: no state leaks between them
  describeJobQueueContract('BullQueue', async () => {
    const name = `t-${randomUUID()}`
    const opened: JobQueue[] = []
    const open = async (): Promise<JobQueue> => {
      const q = new BullQueue({ connection: { host: '127.0.0.1', port: redis.port }, name })
      opened.push(q)
      return q
    }
    return {
      queue: await open(),
      open,
      now: Date.now,
      elapse: (ms) => sleep(ms),
      exact: false,
      lockMs: 1500,
      close: async () => {
        for (const q of opened) await q.close()
      },
    }
  })
})

describe.skipIf(noRedis)(`BullQueue across a Redis crash${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  it('kill -9 and restart with AOF loses no job; a leasing client reconnects', async () => {
    const redis = await startRedis({ aof: true })
    const connection = { host: '127.0.0.1', port: redis.port }
    const queue = new BullQueue({ connection })
    try {
      const ids = Array.from({ length: 50 }, (_, i) => `f${i}`)
      for (const id of ids) await queue.add('file', id, { jobId: id })
      await queue.complete((await queue.lease(['file'], 'w', 60_000))!, 'done')
      await redis.kill()
      await redis.restart()
      // the same client: ioredis reconnects and its commands wait for it
      expect(await queue.counts('file')).toMatchObject({ waiting: 49, completed: 1 })
      const leased: string[] = []
      for (
        let l = await queue.lease(['file'], 'w', 60_000);
        l;
        l = await queue.lease(['file'], 'w', 60_000)
      ) {
        leased.push(l.job.id)
        await queue.complete(l)
      }
      expect(leased.sort()).toEqual(ids.slice(1).sort())
      expect((await queue.get('f0'))?.result).toBe('done')
    } finally {
      await queue.close()
      await redis.stop()
    }
  }, 60_000)
})
