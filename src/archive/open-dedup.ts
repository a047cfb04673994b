import type { ArchiveDatabase } from './archive-db.js'
import { type DedupStore, SqliteDedupStore } from './dedup-store.js'
import { isRedisQueue, redisConnection } from './open-queue.js'

/**
 * The dedup store beside the queue: on its Redis when it is one (workers on
 * several machines see each other's files and claims), else in the
 * archive's local database.
 */
export async function openDedupStore(url: string | undefined, db: ArchiveDatabase): Promise<DedupStore> {
  if (!isRedisQueue(url)) return new SqliteDedupStore(db)
  const connection = redisConnection(url)
  const { RedisDedupStore } = await import('./redis-dedup-store.js')
  return new RedisDedupStore({ connection })
}
