import { chmodSync, closeSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './schema.js'

export type StateDatabase = Database.Database

/**
 * Opens (creating if needed) the state database in `dataDir`: one SQLite file
 * with owner-only permissions — it holds auth keys — in WAL mode, safe for
 * two processes at once (writers wait up to 5 s for each other).
 */
export function openStateDatabase(dataDir: string): StateDatabase {
  const db = openPrivateDatabase(join(dataDir, 'state.db'))
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

/**
 * A SQLite file only its owner can read (0600), in WAL mode for several
 * processes at once (writers wait up to 5 s for each other): the state
 * database, and the archive's.
 */
export function openPrivateDatabase(path: string): Database.Database {
  // create the database and its WAL/SHM companions as 0600 before SQLite
  // does, so no moment exists where another user could read a key
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    closeSync(openSync(file, 'a', 0o600))
    chmodSync(file, 0o600)
  }
  const db = new Database(path, builtAddon ? { nativeBinding: builtAddon } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('synchronous = NORMAL')
  return db
}

/**
 * better-sqlite3's addon where its build puts it, handed over directly: its
 * default lookup (the `bindings` package) tries a dozen paths, a few ms of
 * every start. Elsewhere (a debug build), that lookup finds it.
 */
const builtAddon = ((): string | undefined => {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node')
  } catch {
    return undefined
  }
})()
