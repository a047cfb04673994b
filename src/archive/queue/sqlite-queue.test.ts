import { fork } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { JobQueue } from './job-queue.js'
import { describeJobQueueContract } from './queue-contract.test-helper.js'
import { SqliteQueue } from './sqlite-queue.js'

const CHILD = join(process.cwd(), 'src', 'archive', 'queue', 'sqlite-lease-child.test-helper.ts')

describeJobQueueContract('SqliteQueue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-queue-'))
  const path = join(dir, 'queue.db')
  let clock = 1_700_000_000_000
  const now = (): number => clock
  const opened: JobQueue[] = []
  const open = async (): Promise<JobQueue> => {
    const q = new SqliteQueue({ path, now })
    opened.push(q)
    return q
  }
  return {
    queue: await open(),
    open,
    now,
    elapse: async (ms) => {
      clock += ms
    },
    exact: true,
    lockMs: 300,
    close: async () => {
      for (const q of opened) await q.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('SqliteQueue on one file', () => {
  it('is readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-queue-'))
    const queue = new SqliteQueue({ path: join(dir, 'q.db') })
    await queue.add('file', 1, { jobId: 'x' })
    for (const f of ['q.db', 'q.db-wal', 'q.db-shm']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    await queue.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('opens a queue file made before groups existed and keeps its jobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-queue-'))
    const path = join(dir, 'q.db')
    const old = new Database(path)
    old.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL, state TEXT NOT NULL,
      priority INTEGER NOT NULL, attempts INTEGER NOT NULL, attempts_made INTEGER NOT NULL DEFAULT 0,
      backoff_ms INTEGER NOT NULL, run_at INTEGER NOT NULL, created_at INTEGER NOT NULL, lock_token TEXT,
      lock_worker TEXT, lock_until INTEGER, failed_reason TEXT, result TEXT, finished_at INTEGER)`)
    old
      .prepare(`INSERT INTO jobs (id, kind, data, state, priority, attempts, backoff_ms, run_at, created_at)
        VALUES ('old', 'file', '"o"', 'waiting', 0, 5, 1000, 0, 0)`)
      .run()
    old.close()
    const queue = new SqliteQueue({ path })
    await queue.add('file', 'new', { jobId: 'new', group: 'A' })
    await queue.pauseGroup('A')
    expect((await queue.list({})).map((j) => [j.id, j.state, j.group])).toEqual([
      ['old', 'waiting', undefined],
      ['new', 'paused', 'A'],
    ])
    await queue.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('two processes leasing from one file never get the same job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-queue-'))
    const path = join(dir, 'q.db')
    const queue = new SqliteQueue({ path })
    const ids = Array.from({ length: 400 }, (_, i) => `f${i}`)
    for (const id of ids) await queue.add('file', id, { jobId: id })
    const children = ['a', 'b'].map((w) =>
      fork(CHILD, [path, w], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    )
    const message = (c: (typeof children)[number]) =>
      new Promise<{ leased?: string[] }>((resolve, reject) => {
        c.once('message', (m) => resolve(m as { leased?: string[] }))
        c.once('exit', (code) => reject(new Error(`child exited with ${code}`)))
      })
    await Promise.all(children.map(message)) // both ready: start them together
    const results = children.map(message)
    for (const c of children) c.send('go')
    const [a, b] = (await Promise.all(results)).map((r) => r.leased ?? [])
    expect([...a!, ...b!].sort()).toEqual([...ids].sort())
    expect(await queue.counts('file')).toMatchObject({ completed: 400, active: 0, waiting: 0 })
    await queue.close()
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)
})
