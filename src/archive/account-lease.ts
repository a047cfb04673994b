import type { SharedFloods } from '../download/flood-gate.js'
import type { ArchiveDatabase } from './archive-db.js'

/**
 * Accounts lent to one worker at a time, across processes (or machines, with
 * a shared backend): a lease expires unless renewed, so a worker that dies
 * frees its accounts. The FLOOD_WAIT Telegram imposed on an account outlives
 * its lease: a worker that takes the account over waits it out too.
 * Asynchronous, so a Redis implementation fits the same shape.
 */
export interface AccountLeases extends SharedFloods {
  /** True when `worker` now holds `account` for `ms` (it was free, expired, or already this worker's). */
  acquire(account: string, worker: string, ms: number): Promise<boolean>
  /** Holds the account `ms` longer; false when the lease was lost to another worker. */
  renew(account: string, worker: string, ms: number): Promise<boolean>
  /** Gives the account back (a no-op unless `worker` holds it). */
  release(account: string, worker: string): Promise<void>
  /** Epoch ms before which `method` must not be sent from `account`; 0 when it may be sent now. */
  floodUntil(account: string, method: string): Promise<number>
  /** Records a FLOOD_WAIT's end (epoch ms); an earlier end never shortens a later one. */
  setFloodUntil(account: string, method: string, until: number): Promise<void>
  /** Lets go of the backend (the leases stay until released or expired). */
  close(): Promise<void>
}

/** The local backend: the archive's SQLite file, shared by the workers of one machine. */
export class SqliteAccountLeases implements AccountLeases {
  constructor(
    private readonly db: ArchiveDatabase,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS account_leases (
        account TEXT PRIMARY KEY,
        worker TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS account_floods (
        account TEXT NOT NULL,
        method TEXT NOT NULL,
        until INTEGER NOT NULL,
        PRIMARY KEY (account, method)
      );
    `)
  }

  async acquire(account: string, worker: string, ms: number): Promise<boolean> {
    const now = this.now()
    // one statement: two workers racing for a free account cannot both win
    const { changes } = this.db
      .prepare(
        `INSERT INTO account_leases (account, worker, expires_at) VALUES (@account, @worker, @until)
         ON CONFLICT (account) DO UPDATE SET worker = excluded.worker, expires_at = excluded.expires_at
         WHERE account_leases.worker = excluded.worker OR account_leases.expires_at <= @now`,
      )
      .run({ account, worker, until: now + ms, now })
    return changes === 1
  }

  async renew(account: string, worker: string, ms: number): Promise<boolean> {
    // late is still fine while nobody took the account over
    const { changes } = this.db
      .prepare('UPDATE account_leases SET expires_at = ? WHERE account = ? AND worker = ?')
      .run(this.now() + ms, account, worker)
    return changes === 1
  }

  async release(account: string, worker: string): Promise<void> {
    this.db.prepare('DELETE FROM account_leases WHERE account = ? AND worker = ?').run(account, worker)
  }

  async floodUntil(account: string, method: string): Promise<number> {
    const row = this.db
      .prepare('SELECT until FROM account_floods WHERE account = ? AND method = ?')
      .get(account, method) as { until: number } | undefined
    return row && row.until > this.now() ? row.until : 0
  }

  async setFloodUntil(account: string, method: string, until: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO account_floods (account, method, until) VALUES (?, ?, ?)
         ON CONFLICT (account, method) DO UPDATE SET until = MAX(until, excluded.until)`,
      )
      .run(account, method, until)
  }

  /** The database is its opener's to close. */
  async close(): Promise<void> {}
}
