// Telethon SQLite session files (telethon/sessions/sqlite.py, database versions 1-7):
//   version (version integer primary key)
//   sessions (dc_id integer primary key, server_address text, port integer, auth_key blob
//             [, takeout_id integer  -- version 5+])
//   entities (id integer primary key, hash integer not null, username, phone, name [, date  -- 7+])
// Since Telethon 1.x keeps its own user id as the entity row with id = 0 and hash = <self id>.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { openSqliteFile } from '../storage/database.js'
import {
  checkAuthKey,
  checkDcId,
  checkPort,
  checkUserId,
  type ImportedSession,
  isTestDcHost,
  SessionImportError,
} from './common.js'

const FORMAT = 'telethon-file'
const SQLITE_MAGIC = 'SQLite format 3\0'

/** Telethon appends '.session' to the name it is given; accept either spelling. */
export function resolveTelethonPath(path: string): string {
  if (!existsSync(path) && existsSync(`${path}.session`)) return `${path}.session`
  return path
}

/** Whether `path` is a regular file starting with the SQLite header. */
export function isSqliteFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    const fd = openSync(path, 'r')
    try {
      const head = Buffer.alloc(16)
      return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_MAGIC
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}

interface SessionRow {
  dc_id: unknown
  server_address: unknown
  port: unknown
  auth_key: unknown
}

function tableColumns(db: Database.Database, table: string): string[] | undefined {
  const kind = db
    .prepare("SELECT type FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')")
    .get(table) as { type: string } | undefined
  // a view (or trigger-laden schema) in a file from elsewhere is not Telethon's and may be hostile
  if (!kind) return undefined
  if (kind.type !== 'table') throw new SessionImportError(FORMAT, `"${table}" is a ${kind.type}, not a table`)
  return (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name)
}

function readSession(db: Database.Database): ImportedSession {
  if (!tableColumns(db, 'version'))
    throw new SessionImportError(FORMAT, 'no "version" table: not a Telethon session file')
  const version = db.prepare('SELECT version FROM version').get() as { version: unknown } | undefined
  if (typeof version?.version !== 'number' || version.version < 1)
    throw new SessionImportError(FORMAT, 'the "version" table holds no valid version')
  const columns = tableColumns(db, 'sessions')
  if (!columns) throw new SessionImportError(FORMAT, 'no "sessions" table')
  for (const c of ['dc_id', 'server_address', 'port', 'auth_key'])
    if (!columns.includes(c))
      throw new SessionImportError(FORMAT, `the "sessions" table has no "${c}" column`)
  const row = db.prepare('SELECT dc_id, server_address, port, auth_key FROM sessions LIMIT 1').get() as
    | SessionRow
    | undefined
  if (!row)
    throw new SessionImportError(FORMAT, 'the "sessions" table is empty: not logged in', 'not-logged-in')
  if (typeof row.dc_id !== 'number') throw new SessionImportError(FORMAT, 'dc_id is not an integer')
  const dcId = checkDcId(FORMAT, row.dc_id)
  if (!(row.auth_key instanceof Uint8Array))
    throw new SessionImportError(
      FORMAT,
      'auth_key is not a blob',
      row.auth_key ? 'malformed' : 'not-logged-in',
    )
  if (row.auth_key.length === 0)
    throw new SessionImportError(FORMAT, 'auth_key is empty: not logged in', 'not-logged-in')
  const authKey = checkAuthKey(FORMAT, row.auth_key)
  const session: ImportedSession = { dcId, authKey }
  if (typeof row.server_address === 'string' && typeof row.port === 'number') {
    if (row.server_address.length === 0 || row.server_address.length > 255)
      throw new SessionImportError(FORMAT, 'server_address is empty or too long')
    session.serverAddress = { host: row.server_address, port: checkPort(FORMAT, row.port) }
    session.testMode = isTestDcHost(row.server_address)
  }
  const entityColumns = tableColumns(db, 'entities')
  if (entityColumns?.includes('id') && entityColumns.includes('hash')) {
    const self = db.prepare('SELECT hash FROM entities WHERE id = 0').safeIntegers(true).get() as
      | { hash: unknown }
      | undefined
    if (typeof self?.hash === 'bigint') session.userId = checkUserId(FORMAT, self.hash)
  }
  return session
}

export function parseTelethonFile(path: string): ImportedSession {
  const file = resolveTelethonPath(path)
  if (!existsSync(file)) throw new SessionImportError(FORMAT, `no file at ${file}`, 'not-found')
  if (!isSqliteFile(file)) throw new SessionImportError(FORMAT, `${file} is not an SQLite database`)
  let db: Database.Database | undefined
  try {
    db = openSqliteFile(file, { readonly: true, fileMustExist: true })
    db.pragma('trusted_schema = OFF')
    return readSession(db)
  } catch (e) {
    if (e instanceof SessionImportError) throw e
    throw new SessionImportError(FORMAT, `unreadable database: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    db?.close()
  }
}
