import type { StateDatabase } from './database.js'

/**
 * How many download connections per account and DC the engine's pool sizer
 * settled on, so the next run starts there instead of ramping up again. One
 * row per (account, DC); the newest size replaces the old one.
 */
export class PoolSizeStore {
  constructor(private readonly db: StateDatabase) {}

  get(accountId: number, dcId: number): number | undefined {
    const row = this.db
      .prepare('SELECT connections FROM pool_size WHERE account_id = ? AND dc_id = ?')
      .get(accountId, dcId) as { connections: number } | undefined
    return row?.connections
  }

  set(accountId: number, dcId: number, connections: number): void {
    this.db
      .prepare(
        `INSERT INTO pool_size (account_id, dc_id, connections, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, dc_id) DO UPDATE SET
           connections = excluded.connections, updated_at = excluded.updated_at`,
      )
      .run(accountId, dcId, connections, Date.now())
  }
}
