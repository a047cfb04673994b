import { join } from 'node:path'
import { TgfetchError } from '../errors/index.js'
import { BullQueue } from './queue/bull-queue.js'
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

/**
 * The archive's queue: `redis://…` is BullMQ on that Redis (workers on
 * several machines); none is the SQLite file in the data folder.
 */
export function openJobQueue(url: string | undefined, dataDir: string): JobQueue {
  if (url === undefined || url === '') return new SqliteQueue({ path: join(dataDir, QUEUE_FILE) })
  if (url.startsWith('redis://')) return new BullQueue({ connection: redisConnection(url) })
  throw new QueueUrlError(`--queue ${url}: expected redis://host:port/db (or no --queue: the local file)`)
}
