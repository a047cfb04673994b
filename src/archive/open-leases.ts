import { type AccountLeases, SqliteAccountLeases } from './account-lease.js'
import type { ArchiveDatabase } from './archive-db.js'
import { isRedisQueue, redisConnection } from './open-queue.js'

/**
 * The account leases beside the queue: on its Redis when it is one (workers
 * on several machines), else in the archive's local database.
 */
export async function openAccountLeases(
  url: string | undefined,
  db: ArchiveDatabase,
): Promise<AccountLeases> {
  if (!isRedisQueue(url)) return new SqliteAccountLeases(db)
  const connection = redisConnection(url)
  const { RedisAccountLeases } = await import('./redis-account-leases.js')
  return new RedisAccountLeases({ connection })
}
