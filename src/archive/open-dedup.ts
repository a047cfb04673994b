import type { ArchiveDatabase } from './archive-db.js'
import { type DedupStore, SqliteDedupStore } from './dedup-store.js'
import { redisConnection } from './open-queue.js'
import { RedisDedupStore } from './redis-dedup-store.js'

/**
 * The dedup store beside the queue: on its Redis when it is one (workers on
 * several machines see each other's files and claims), else in the
 * archive's local database.
 */
export function openDedupStore(url: string | undefined, db: ArchiveDatabase): DedupStore {
  if (url?.startsWith('redis://')) return new RedisDedupStore({ connection: redisConnection(url) })
  return new SqliteDedupStore(db)
}
