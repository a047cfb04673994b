/** Where a Redis-backed archive store connects: the queue's Redis (ioredis options). */
export interface RedisConnection {
  host: string
  port: number
  password?: string
  db?: number
}

/** A store on the queue's Redis: its connection and the queue's key prefix (default 'tgfetch'). */
export interface RedisStoreOptions {
  connection: RedisConnection
  prefix?: string
}

// A hold is a key naming its holder, with a TTL: an account lease, a file claim.
// Each script is one round trip, so two workers racing cannot both win; expiry is Redis's own clock.

/** KEYS[1] the hold, ARGV[1] the holder, ARGV[2] ms: 1 when it was free, expired or the holder's own (renewed). */
export const TAKE_HOLD = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`

/** KEYS[1] the hold, ARGV[1] the holder: deleted only if it is still that holder's. */
export const LET_GO = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`
