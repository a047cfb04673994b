import { Redis } from 'ioredis'
import type { AccountLeases } from './account-lease.js'
import { LET_GO, type RedisStoreOptions, TAKE_HOLD } from './redis-holds.js'

// one round trip each (see redis-holds.ts)
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`
// the wait's end is also the key's expiry: nothing is left behind once it is over
const SET_FLOOD = `
local ends = tonumber(ARGV[1])
if ends <= tonumber(redis.call('GET', KEYS[1]) or '0') then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ends)
return 1`

const PENDING = new Set(['connecting', 'connect', 'reconnecting'])
// how long a command waits for a connection on its way up before it fails
const READY_WAIT_MS = 5000

/**
 * The account leases on the queue's Redis, for workers on several machines.
 * A lease is a key holding its worker's name with a TTL. Its own
 * connection fails a command at once while Redis is unreachable (no
 * offline queue): a renewal that cannot be made is tried at the next beat,
 * and a flood gate that cannot read goes by what its process knows —
 * nothing waits on Redis while the downloads it holds go on.
 */
export class RedisAccountLeases implements AccountLeases {
  private readonly redis: Redis
  private readonly prefix: string

  constructor(
    opts: RedisStoreOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.redis = new Redis({ ...opts.connection, enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    this.redis.on('error', () => {}) // ioredis reconnects by itself; each command reports its own failure
    this.prefix = `${opts.prefix ?? 'tgfetch'}:account`
  }

  private leaseKey = (account: string): string => `${this.prefix}:lease:${account}`
  private floodKey = (account: string, method: string): string => `${this.prefix}:flood:${account}:${method}`

  /**
   * The first command may come before the connection is up: wait for it
   * rather than fail. 'connect' is a socket whose ready check has not been
   * answered yet — not writeable for us either.
   */
  private async ready(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect().catch(() => {})
    if (PENDING.has(this.redis.status))
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer)
          this.redis.off('ready', done)
          this.redis.off('end', done)
          resolve()
        }
        const timer = setTimeout(done, READY_WAIT_MS)
        this.redis.once('ready', done)
        this.redis.once('end', done)
      })
  }

  private async run(script: string, key: string, ...args: (string | number)[]): Promise<number> {
    await this.ready()
    return (await this.redis.eval(script, 1, key, ...args)) as number
  }

  async acquire(account: string, worker: string, ms: number): Promise<boolean> {
    return (await this.run(TAKE_HOLD, this.leaseKey(account), worker, ms)) === 1
  }

  async renew(account: string, worker: string, ms: number): Promise<boolean> {
    return (await this.run(RENEW, this.leaseKey(account), worker, ms)) === 1
  }

  async release(account: string, worker: string): Promise<void> {
    await this.run(LET_GO, this.leaseKey(account), worker)
  }

  async floodUntil(account: string, method: string): Promise<number> {
    await this.ready()
    const until = Number((await this.redis.get(this.floodKey(account, method))) ?? 0)
    return until > this.now() ? until : 0
  }

  async setFloodUntil(account: string, method: string, until: number): Promise<void> {
    await this.run(SET_FLOOD, this.floodKey(account, method), until)
  }

  async close(): Promise<void> {
    this.redis.disconnect()
  }
}
