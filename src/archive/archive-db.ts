import { chmodSync, closeSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'

export type ArchiveDatabase = Database.Database

/**
 * Opens (creating if needed) the archive's local SQLite file at `path`: the
 * dedup store and the account leases share it. Owner-only (0600) like the
 * state database, in WAL mode so several workers on one machine can share it
 * (writers wait up to 5 s for each other). Each store creates its own tables.
 */
export function openArchiveDatabase(path: string): ArchiveDatabase {
  // the file and its WAL/SHM companions exist as 0600 before SQLite opens them
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    closeSync(openSync(file, 'a', 0o600))
    chmodSync(file, 0o600)
  }
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('synchronous = NORMAL')
  return db
}
