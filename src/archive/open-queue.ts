import { join } from 'node:path'
import { TgfetchError } from '../errors/index.js'
import type { JobQueue } from './queue/job-queue.js'
import { SqliteQueue } from './queue/sqlite-queue.js'

/** A queue URL that names no backend we have. */
export class QueueUrlError extends TgfetchError {
  readonly category = 'input'
}

/** The local queue's file in the data folder. */
export const QUEUE_FILE = 'archive-queue.db'

/** `redis://[:password@]host[:port][/db]` → BullMQ's connection. */
export function redisConnection(url: string): { host: string; port: number; password?: string; db?: number } {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new QueueUrlError(`--queue ${url}: not a URL (redis://host:port/db)`)
  }
  const db = u.pathname.replace(/^\//, '')
  if (!/^\d*$/.test(db))
    throw new QueueUrlError(`--queue ${url}: the database is a number (redis://host:port/0)`)
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
  }
}

/** True for a queue URL on Redis; false for none (the local file); a URL that names no backend is refused. */
export function isRedisQueue(url: string | undefined): url is string {
  if (url === undefined || url === '') return false
  if (url.startsWith('redis://')) return true
  throw new QueueUrlError(`--queue ${url}: expected redis://host:port/db (or no --queue: the local file)`)
}

/**
 * The archive's queue: `redis://…` is BullMQ on that Redis (workers on
 * several machines); none is the SQLite file in the data folder. BullMQ
 * and its Redis client load only for a Redis queue (a quarter of a second
 * of CPU at every start of a local archive).
 */
export async function openJobQueue(url: string | undefined, dataDir: string): Promise<JobQueue> {
  if (!isRedisQueue(url)) return new SqliteQueue({ path: join(dataDir, QUEUE_FILE) })
  const connection = redisConnection(url)
  const { BullQueue } = await import('./queue/bull-queue.js')
  return new BullQueue({ connection })
}
