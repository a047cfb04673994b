import { type AccountLeases, SqliteAccountLeases } from './account-lease.js'
import type { ArchiveDatabase } from './archive-db.js'
import { redisConnection } from './open-queue.js'
import { RedisAccountLeases } from './redis-account-leases.js'

/**
 * The account leases beside the queue: on its Redis when it is one (workers
 * on several machines), else in the archive's local database.
 */
export function openAccountLeases(url: string | undefined, db: ArchiveDatabase): AccountLeases {
  if (url?.startsWith('redis://')) return new RedisAccountLeases({ connection: redisConnection(url) })
  return new SqliteAccountLeases(db)
}
