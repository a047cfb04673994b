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
  const db = openSqliteFile(path)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('synchronous = NORMAL')
  return db
}

/** An SQLite file through better-sqlite3, its addon found by {@link sqliteAddon}. */
export function openSqliteFile(path: string, options: Database.Options = {}): Database.Database {
  return new Database(path, { ...options, nativeBinding: sqliteAddon() })
}

let addonPath: string | undefined

/**
 * better-sqlite3's addon where its build puts it, handed over directly: its
 * default lookup (the `bindings` package) tries a dozen paths, a few ms of
 * every start, and finds nothing from inside the CLI bundle, which carries
 * better-sqlite3's JavaScript.
 */
function sqliteAddon(): string {
  if (addonPath) return addonPath
  const require = createRequire(import.meta.url)
  for (const build of ['Release', 'Debug']) {
    try {
      addonPath = require.resolve(`better-sqlite3/build/${build}/better_sqlite3.node`)
      return addonPath
    } catch {}
  }
  throw new Error("better-sqlite3's addon is not built: run `npm rebuild better-sqlite3`")
}
