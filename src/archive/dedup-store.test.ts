import { randomUUID } from 'node:crypto'
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openArchiveDatabase } from './archive-db.js'
import { SqliteDedupStore } from './dedup-store.js'
import { describeDedupStoreContract } from './dedup-store-contract.test-helper.js'
import { noRedis, type RunningRedis, startRedis } from './queue/redis-server.test-helper.js'
import { RedisDedupStore } from './redis-dedup-store.js'

const tempDb = (): string => join(mkdtempSync(join(tmpdir(), 'tgfetch-dedup-')), 'archive.db')

it('SqliteDedupStore: the database file is owner-only', () => {
  const path = tempDb()
  const db = openArchiveDatabase(path)
  new SqliteDedupStore(db)
  expect(statSync(path).mode & 0o777).toBe(0o600)
  expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600)
  db.close()
})

// two processes on one machine: two connections to one file, one clock
describeDedupStoreContract('SqliteDedupStore', async () => {
  let time = 1_000_000
  const clock = (): number => time
  const path = tempDb()
  const dbs = [openArchiveDatabase(path), openArchiveDatabase(path)]
  return {
    one: new SqliteDedupStore(dbs[0]!, clock),
    two: new SqliteDedupStore(dbs[1]!, clock),
    async elapse(ms) {
      time += ms
    },
    shortMs: 30_000,
    async close() {
      for (const db of dbs) db.close()
    },
  }
})

describe.skipIf(noRedis)(`RedisDedupStore on redis-server${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  let redis: RunningRedis
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(() => redis?.stop())

  it('a file downloaded while Redis is down is recorded once it is back', async () => {
    const store = new RedisDedupStore({ connection: { host: '127.0.0.1', port: redis.port } })
    try {
      const file = {
        identity: 'doc:7@2',
        path: '/archive/a/7.zip',
        size: 7,
        sha256: 'cd'.repeat(32),
        chatId: 1,
        msgId: 7,
      }
      await store.noteDeduped(0) // connected
      await redis.kill()
      const recorded = store.record(file)
      await redis.restart()
      await recorded
      expect(await store.lookup(file.identity)).toEqual(file)
    } finally {
      await store.close()
    }
  })

  // two machines on one Redis; each case its own prefix: no state leaks between them
  describeDedupStoreContract('RedisDedupStore', async () => {
    const opts = { connection: { host: '127.0.0.1', port: redis.port }, prefix: `t-${randomUUID()}` }
    const [one, two] = [new RedisDedupStore(opts), new RedisDedupStore(opts)]
    return {
      one,
      two,
      elapse: (ms) => sleep(ms),
      shortMs: 300,
      async close() {
        await one.close()
        await two.close()
      },
    }
  })
})
