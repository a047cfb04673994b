import { Redis } from 'ioredis'
import type { ArchivedFile, DedupStore } from './dedup-store.js'
import { LET_GO, type RedisStoreOptions, TAKE_HOLD } from './redis-holds.js'

// one round trip, so two workers recording at once cannot both win; ARGV[1]: the path being replaced ('' for none: no path is empty)
const RECORD = `
local path = redis.call('HGET', KEYS[1], 'path')
if path and path ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'path', ARGV[2], 'size', ARGV[3], 'sha256', ARGV[4],
  'chatId', ARGV[5], 'msgId', ARGV[6], 'archivedAt', ARGV[7])
return 1`

/**
 * The dedup store on the queue's Redis, for workers on several machines: an
 * archived file is a hash by identity, a claim a key holding its job's name
 * with a TTL, the bytes saved one counter. Unlike the account leases, its
 * commands wait while Redis is unreachable (as the queue's do): a job
 * cannot go on without knowing whether its file is archived, and a
 * finished download is recorded once Redis is back. `close` ends the wait.
 */
export class RedisDedupStore implements DedupStore {
  private readonly redis: Redis
  private readonly prefix: string

  constructor(opts: RedisStoreOptions) {
    this.redis = new Redis({ ...opts.connection, maxRetriesPerRequest: null })
    this.redis.on('error', () => {}) // ioredis reconnects by itself; the commands wait for it
    this.prefix = `${opts.prefix ?? 'tgfetch'}:dedup`
  }

  private claimKey = (identity: string): string => `${this.prefix}:claim:${identity}`
  private fileKey = (identity: string): string => `${this.prefix}:file:${identity}`
  private savedKey = (): string => `${this.prefix}:saved-bytes`

  async claim(identity: string, holder: string, ms: number): Promise<boolean> {
    return (await this.redis.eval(TAKE_HOLD, 1, this.claimKey(identity), holder, ms)) === 1
  }

  async unclaim(identity: string, holder: string): Promise<void> {
    await this.redis.eval(LET_GO, 1, this.claimKey(identity), holder)
  }

  async lookup(identity: string): Promise<ArchivedFile | undefined> {
    const h = await this.redis.hgetall(this.fileKey(identity))
    if (h.path === undefined) return undefined
    return {
      identity,
      path: h.path,
      size: Number(h.size),
      sha256: h.sha256 ?? '',
      chatId: Number(h.chatId),
      msgId: Number(h.msgId),
    }
  }

  async record(file: ArchivedFile, replacing?: string): Promise<void> {
    await this.redis.eval(
      RECORD,
      1,
      this.fileKey(file.identity),
      replacing ?? '',
      file.path,
      file.size,
      file.sha256,
      file.chatId,
      file.msgId,
      Date.now(),
    )
  }

  async noteDeduped(bytes: number): Promise<void> {
    await this.redis.incrby(this.savedKey(), bytes)
  }

  async dedupedBytes(): Promise<number> {
    return Number((await this.redis.get(this.savedKey())) ?? 0)
  }

  async close(): Promise<void> {
    this.redis.disconnect()
  }
}
