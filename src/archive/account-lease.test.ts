import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe } from 'vitest'
import { SqliteAccountLeases } from './account-lease.js'
import { describeAccountLeasesContract } from './account-lease-contract.test-helper.js'
import { openArchiveDatabase } from './archive-db.js'
import { noRedis, type RunningRedis, startRedis } from './queue/redis-server.test-helper.js'
import { RedisAccountLeases } from './redis-account-leases.js'

// two processes on one machine: two connections to one file, one clock
describeAccountLeasesContract('SqliteAccountLeases', async () => {
  let time = 1_000_000
  const clock = (): number => time
  const path = join(mkdtempSync(join(tmpdir(), 'tgfetch-leases-')), 'archive.db')
  const dbs = [openArchiveDatabase(path), openArchiveDatabase(path)]
  return {
    one: new SqliteAccountLeases(dbs[0]!, clock),
    two: new SqliteAccountLeases(dbs[1]!, clock),
    now: clock,
    async elapse(ms) {
      time += ms
    },
    shortMs: 30_000,
    async close() {
      for (const db of dbs) db.close()
    },
  }
})

describe.skipIf(noRedis)(
  `RedisAccountLeases on redis-server${noRedis ? ` (skipped: ${noRedis})` : ''}`,
  () => {
    let redis: RunningRedis
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(() => redis?.stop())

    // each case its own prefix: no state leaks between them
    describeAccountLeasesContract('RedisAccountLeases', async () => {
      const opts = { connection: { host: '127.0.0.1', port: redis.port }, prefix: `t-${randomUUID()}` }
      const [one, two] = [new RedisAccountLeases(opts), new RedisAccountLeases(opts)]
      return {
        one,
        two,
        now: Date.now,
        elapse: (ms) => sleep(ms),
        shortMs: 300,
        async close() {
          await one.close()
          await two.close()
        },
      }
    })
  },
)
