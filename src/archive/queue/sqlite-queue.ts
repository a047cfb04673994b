import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { openPrivateDatabase } from '../../client/storage/database.js'
import {
  ALL_JOBS,
  type GroupState,
  type Job,
  type JobCounts,
  type JobKind,
  type JobOptions,
  type JobQueue,
  type JobState,
  type Lease,
  LeaseLostError,
} from './job-queue.js'

export interface SqliteQueueOptions {
  /** the queue's SQLite file (created 0600) */
  path: string
  /** epoch ms; injected so tests control due times and lease expiry */
  now?: () => number
}

// `waiting` rows whose run_at is still ahead read as `delayed`: no promotion step is needed
const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  attempts_made INTEGER NOT NULL DEFAULT 0,
  backoff_ms INTEGER NOT NULL,
  run_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  lock_token TEXT,
  lock_worker TEXT,
  lock_until INTEGER,
  failed_reason TEXT,
  result TEXT,
  finished_at INTEGER,
  grp TEXT,
  progress TEXT
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (state, priority DESC, run_at, kind);
CREATE TABLE IF NOT EXISTS job_groups (grp TEXT PRIMARY KEY, state TEXT NOT NULL);
`

/** a queue file made before groups and progress existed gets their columns */
function addNewColumns(db: Database.Database): void {
  const columns = db.pragma('table_info(jobs)') as { name: string }[]
  for (const column of ['grp', 'progress'])
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE jobs ADD COLUMN ${column} TEXT`)
  db.exec('CREATE INDEX IF NOT EXISTS jobs_grp ON jobs (grp)')
}

interface Row {
  id: string
  kind: JobKind
  data: string
  state: string
  attempts: number
  attempts_made: number
  backoff_ms: number
  run_at: number
  created_at: number
  failed_reason: string | null
  result: string | null
  finished_at: number | null
  grp: string | null
  progress: string | null
}

/** the state as of @now */
const STATE_NOW = `CASE WHEN state = 'waiting' AND run_at > @now THEN 'delayed' ELSE state END`

const STATES: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed', 'paused']

/** The local job queue: one table in one SQLite file, safe for several processes at once. */
export class SqliteQueue implements JobQueue {
  private readonly db: Database.Database
  private readonly now: () => number

  constructor(opts: SqliteQueueOptions) {
    this.now = opts.now ?? Date.now
    this.db = openPrivateDatabase(opts.path)
    // leases from several workers: wait longer than the state database does
    this.db.pragma('busy_timeout = 10000')
    this.db.exec(SCHEMA)
    addNewColumns(this.db)
  }

  /** BEGIN IMMEDIATE: the write lock first, so a read inside never races another process's write. */
  private write<R>(fn: () => R): R {
    return this.db.transaction(fn).immediate()
  }

  private groupState(group: string | null | undefined): GroupState | undefined {
    if (group == null) return undefined
    const row = this.db.prepare('SELECT state FROM job_groups WHERE grp = ?').get(group) as
      | { state: GroupState }
      | undefined
    return row?.state
  }

  async add<T>(kind: JobKind, data: T, opts: JobOptions): Promise<boolean> {
    const now = this.now()
    return this.write(() => {
      const mark = this.groupState(opts.group)
      if (mark === 'removed') return false
      const info = this.db
        .prepare(
          `INSERT INTO jobs (id, kind, data, state, priority, attempts, backoff_ms, run_at, created_at, grp)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(
          opts.jobId,
          kind,
          JSON.stringify(data ?? null),
          mark === 'paused' ? 'paused' : 'waiting',
          opts.priority ?? 0,
          opts.attempts ?? 5,
          opts.backoffMs ?? 1000,
          now + (opts.delayMs ?? 0),
          now,
          opts.group ?? null,
        )
      return info.changes === 1
    })
  }

  async lease<T>(
    kinds: JobKind[],
    worker: string,
    lockMs: number,
    signal?: AbortSignal,
  ): Promise<Lease<T> | undefined> {
    signal?.throwIfAborted()
    if (kinds.length === 0) return undefined
    const now = this.now()
    const token = randomUUID()
    // one statement under the write lock: no two leasers can pick the same row
    const row = this.write(
      () =>
        this.db
          .prepare(
            `UPDATE jobs SET state = 'active', lock_token = ?, lock_worker = ?, lock_until = ?
             WHERE id = (SELECT id FROM jobs WHERE state = 'waiting' AND run_at <= ?
                         AND kind IN (${kinds.map(() => '?').join(',')})
                         AND NOT EXISTS (SELECT 1 FROM job_groups WHERE grp = '${ALL_JOBS}' AND state = 'paused')
                         ORDER BY priority DESC, run_at, rowid LIMIT 1)
             RETURNING *`,
          )
          .get(token, worker, now + lockMs, now, ...kinds) as Row | undefined,
    )
    return row && { job: this.toJob<T>(row, now), token }
  }

  async version(): Promise<string> {
    // data_version: another connection committed; total_changes(): rows this one changed
    const other = this.db.pragma('data_version', { simple: true }) as number
    const own = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n
    return `${other}:${own}`
  }

  async heartbeat(lease: Lease, lockMs: number): Promise<boolean> {
    const now = this.now()
    const info = this.db
      .prepare(`UPDATE jobs SET lock_until = ? WHERE id = ? AND state = 'active' AND lock_token = ?`)
      .run(now + lockMs, lease.job.id, lease.token)
    return info.changes === 1
  }

  async complete(lease: Lease, result?: unknown): Promise<void> {
    const info = this.db
      .prepare(
        `UPDATE jobs SET state = 'completed', result = ?, finished_at = ?, attempts_made = attempts_made + 1,
         lock_token = NULL, lock_worker = NULL, lock_until = NULL
         WHERE id = ? AND state = 'active' AND lock_token = ?`,
      )
      .run(result === undefined ? null : JSON.stringify(result), this.now(), lease.job.id, lease.token)
    if (info.changes !== 1) throw new LeaseLostError(lease.job.id)
  }

  async setProgress(id: string, progress: unknown): Promise<void> {
    this.db
      .prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND state = 'active'`)
      .run(JSON.stringify(progress ?? null), id)
  }

  async fail(lease: Lease, reason: string, opts: { retry?: boolean; delayMs?: number } = {}): Promise<void> {
    const now = this.now()
    this.write(() => {
      const row = this.db
        .prepare(`SELECT * FROM jobs WHERE id = ? AND state = 'active' AND lock_token = ?`)
        .get(lease.job.id, lease.token) as Row | undefined
      if (!row) throw new LeaseLostError(lease.job.id)
      this.finishTry(row, reason, now, opts.retry === false, opts.delayMs)
    })
  }

  /** One try of an active row is over: retry later (backoffMs · 2^(tries−1)) or fail for good. */
  private finishTry(row: Row, reason: string, now: number, final: boolean, delayMs?: number): void {
    const made = row.attempts_made + 1
    const last = final || made >= row.attempts
    const runAt = now + (delayMs ?? row.backoff_ms * 2 ** (made - 1))
    const mark = this.groupState(row.grp)
    // a removed group's job that would be retried goes: it was only kept while it ran
    if (!last && mark === 'removed') {
      this.db.prepare('DELETE FROM jobs WHERE id = ?').run(row.id)
      return
    }
    const state = last ? 'failed' : mark === 'paused' ? 'paused' : 'waiting'
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, attempts_made = ?, failed_reason = ?, run_at = ?, finished_at = ?,
         lock_token = NULL, lock_worker = NULL, lock_until = NULL WHERE id = ?`,
      )
      .run(state, made, reason, last ? row.run_at : runAt, last ? now : null, row.id)
  }

  async recoverStalled(): Promise<number> {
    const now = this.now()
    return this.write(() => {
      const rows = this.db
        .prepare(`SELECT * FROM jobs WHERE state = 'active' AND lock_until < ?`)
        .all(now) as Row[]
      // a stalled try is retried at once: the worker died, the job did not fail
      for (const row of rows) this.finishTry(row, 'stalled: lease expired', now, false, 0)
      return rows.length
    })
  }

  async get<T>(id: string): Promise<Job<T> | undefined> {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined
    return row && this.toJob<T>(row, this.now())
  }

  async list<T>(opts: { kind?: JobKind; states?: JobState[]; limit?: number }): Promise<Job<T>[]> {
    const now = this.now()
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT *, rowid AS seq, ${STATE_NOW} AS st FROM jobs WHERE (@kind IS NULL OR kind = @kind))
         WHERE (@states IS NULL OR st IN (SELECT value FROM json_each(@states)))
         ORDER BY created_at, seq LIMIT @limit`,
      )
      .all({
        now,
        kind: opts.kind ?? null,
        states: opts.states ? JSON.stringify(opts.states) : null,
        limit: opts.limit ?? -1,
      }) as Row[]
    return rows.map((r) => this.toJob<T>(r, now))
  }

  async counts(kind?: JobKind): Promise<JobCounts> {
    const rows = this.db
      .prepare(
        `SELECT ${STATE_NOW} AS s, COUNT(*) AS n
         FROM jobs WHERE (@kind IS NULL OR kind = @kind) GROUP BY s`,
      )
      .all({ now: this.now(), kind: kind ?? null }) as { s: JobState; n: number }[]
    const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as JobCounts
    for (const { s, n } of rows) counts[s] = n
    return counts
  }

  async pause(id: string): Promise<void> {
    this.db.prepare(`UPDATE jobs SET state = 'paused' WHERE id = ? AND state = 'waiting'`).run(id)
  }

  async resume(id: string): Promise<void> {
    // run_at was kept: a job paused while delayed comes back delayed until due
    this.db.prepare(`UPDATE jobs SET state = 'waiting' WHERE id = ? AND state = 'paused'`).run(id)
  }

  async remove(id: string): Promise<void> {
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id)
  }

  async pauseGroup(group: string): Promise<void> {
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO job_groups (grp, state) VALUES (?, 'paused') ON CONFLICT (grp) DO UPDATE SET state = 'paused'`,
        )
        .run(group)
      // the whole queue's pause is the mark alone
      if (group !== ALL_JOBS)
        this.db.prepare(`UPDATE jobs SET state = 'paused' WHERE grp = ? AND state = 'waiting'`).run(group)
    })
  }

  async resumeGroup(group: string): Promise<void> {
    this.write(() => {
      this.db.prepare('DELETE FROM job_groups WHERE grp = ?').run(group)
      this.db.prepare(`UPDATE jobs SET state = 'waiting' WHERE grp = ? AND state = 'paused'`).run(group)
    })
  }

  async removeGroup(group: string): Promise<number> {
    return this.write(() => {
      this.db
        .prepare(
          `INSERT INTO job_groups (grp, state) VALUES (?, 'removed') ON CONFLICT (grp) DO UPDATE SET state = 'removed'`,
        )
        .run(group)
      return this.db.prepare(`DELETE FROM jobs WHERE grp = ? AND state != 'active'`).run(group).changes
    })
  }

  async groups(): Promise<Record<string, GroupState>> {
    const rows = this.db.prepare('SELECT grp, state FROM job_groups').all() as {
      grp: string
      state: GroupState
    }[]
    return Object.fromEntries(rows.map((r) => [r.grp, r.state]))
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }

  private toJob<T>(row: Row, now: number): Job<T> {
    const state = row.state === 'waiting' && row.run_at > now ? 'delayed' : (row.state as JobState)
    const job: Job<T> = {
      id: row.id,
      kind: row.kind,
      data: JSON.parse(row.data) as T,
      state,
      attemptsMade: row.attempts_made,
      attempts: row.attempts,
      createdAt: row.created_at,
    }
    if (row.failed_reason !== null) job.failedReason = row.failed_reason
    if (row.result !== null) job.result = JSON.parse(row.result)
    if (row.finished_at !== null) job.finishedAt = row.finished_at
    if (row.grp !== null) job.group = row.grp
    if (row.progress !== null && state === 'active') job.progress = JSON.parse(row.progress)
    return job
  }
}
