import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

    // CI found it: a command in the moment between the socket opening and Redis answering the ready check failed
    it('a command made while the ready check is unanswered waits for it', async () => {
      const held = await holdingProxy(redis.port)
      const leases = new RedisAccountLeases({
        connection: { host: '127.0.0.1', port: held.port },
        prefix: `t-${randomUUID()}`,
      })
      try {
        await held.asked // the socket is up and ioredis has sent its ready check: status 'connect'
        const taken = leases.acquire('+999664', 'w1', 60_000)
        held.answer()
        expect(await taken).toBe(true)
      } finally {
        await leases.close()
        held.close()
      }
    })
  },
)

/** A proxy to Redis that holds back Redis's answers until `answer()`; `asked` settles once the client has sent something. */
async function holdingProxy(redisPort: number) {
  let answer = (): void => {}
  let asked = (): void => {}
  const sockets: Socket[] = []
  const askedP = new Promise<void>((r) => {
    asked = r
  })
  const answered = new Promise<void>((r) => {
    answer = r
  })
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: redisPort })
    sockets.push(client, upstream)
    client.on('data', (b) => {
      upstream.write(b)
      asked()
    })
    upstream.on('data', (b) => void answered.then(() => client.write(b)))
    client.on('error', () => {})
    upstream.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as { port: number }).port,
    asked: askedP,
    answer: () => answer(),
    close() {
      for (const s of sockets) s.destroy()
      server.close()
    },
  }
}
