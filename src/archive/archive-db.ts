import type Database from 'better-sqlite3'
import { openPrivateDatabase } from '../client/storage/database.js'

export type ArchiveDatabase = Database.Database

/**
 * Opens (creating if needed) the archive's local SQLite file at `path`: the
 * dedup store and the account leases share it, owner-only and in WAL mode
 * like the state database, so several workers on one machine can share it.
 * Each store creates its own tables.
 */
export function openArchiveDatabase(path: string): ArchiveDatabase {
  return openPrivateDatabase(path)
}
