import type { StateDatabase } from './database.js'

/**
 * The request rate per account and method the download engine learned from
 * Telegram's FLOOD_WAITs, so the next run starts under the limit. One row
 * per (account, method); the newest lesson replaces the old one.
 */
export class RequestPaceStore {
  constructor(private readonly db: StateDatabase) {}

  get(accountId: number, method: string): number | undefined {
    const row = this.db
      .prepare('SELECT per_second FROM request_pace WHERE account_id = ? AND method = ?')
      .get(accountId, method) as { per_second: number } | undefined
    return row?.per_second
  }

  set(accountId: number, method: string, perSecond: number): void {
    this.db
      .prepare(
        `INSERT INTO request_pace (account_id, method, per_second, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, method) DO UPDATE SET
           per_second = excluded.per_second, updated_at = excluded.updated_at`,
      )
      .run(accountId, method, perSecond, Date.now())
  }
}
