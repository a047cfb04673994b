import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SessionImportError } from './common.js'
import { mutateBytes, parsesOrRefuses, seededRandom } from './fuzz.test-helper.js'
import { parseTelethonFile } from './telethon-file.js'

const dir = mkdtempSync(join(tmpdir(), 'tgfetch-telethon-'))
const key = randomBytes(256)

/** the schema Telethon 1.x (sqlite.py, CURRENT_VERSION = 7) creates, filled the way it fills it */
function telethonV7(name: string, row: unknown[] = [2, '149.154.167.51', 443, key, null], selfId?: bigint) {
  const path = join(dir, `${name}.session`)
  const db = new Database(path)
  db.exec(`
    create table version (version integer primary key);
    create table sessions (dc_id integer primary key, server_address text, port integer, auth_key blob,
      takeout_id integer);
    create table entities (id integer primary key, hash integer not null, username text, phone integer,
      name text, date integer);
    create table sent_files (md5_digest blob, file_size integer, type integer, id integer, hash integer,
      primary key(md5_digest, file_size, type));
    create table update_state (id integer primary key, pts integer, qts integer, date integer, seq integer);
    insert into version values (7);`)
  db.prepare('insert or replace into sessions values (?,?,?,?,?)').run(...row)
  db.prepare('insert into entities values (?,?,?,?,?,?)').run(777000, 1234, 'telegram', null, 'Telegram', 0)
  if (selfId !== undefined) db.prepare('insert into entities values (0,?,null,null,null,0)').run(selfId)
  db.close()
  return path
}

/** version 3 (Telethon 0.18-1.0): no takeout_id, no update_state, no entity dates */
function telethonV3(name: string) {
  const path = join(dir, `${name}.session`)
  const db = new Database(path)
  db.exec(`
    create table version (version integer primary key);
    create table sessions (dc_id integer primary key, server_address text, port integer, auth_key blob);
    create table entities (id integer primary key, hash integer not null, username text, phone integer, name text);
    insert into version values (3);`)
  db.prepare('insert into sessions values (?,?,?,?)').run(4, '149.154.167.91', 443, key)
  db.close()
  return path
}

describe('Telethon session files', () => {
  it('reads a version 7 file with its self user id (entity 0)', () => {
    const path = telethonV7('me', undefined, 5_123_456_789n)
    const got = parseTelethonFile(path)
    expect(got).toMatchObject({
      dcId: 2,
      userId: 5_123_456_789,
      testMode: false,
      serverAddress: { host: '149.154.167.51', port: 443 },
    })
    expect(Buffer.from(got.authKey).equals(key)).toBe(true)
    // Telethon's own spelling: the name without '.session'
    expect(parseTelethonFile(path.replace(/\.session$/, '')).dcId).toBe(2)
  })

  it('reads an old version 3 file, and a test DC by its address', () => {
    const old = parseTelethonFile(telethonV3('old'))
    expect(old.dcId).toBe(4)
    expect(old.userId).toBeUndefined()
    const test = telethonV7('test', [2, '149.154.167.40', 443, key, null])
    expect(parseTelethonFile(test).testMode).toBe(true)
  })

  it('refuses logged-out, foreign and broken files by name', () => {
    expect(() =>
      parseTelethonFile(telethonV7('empty', [2, '149.154.167.51', 443, Buffer.alloc(0), null])),
    ).toThrow(/telethon-file session: auth_key is empty/)
    expect(() => parseTelethonFile(telethonV7('short', [2, 'h', 443, randomBytes(255), null]))).toThrow(
      /255 bytes/,
    )
    expect(() => parseTelethonFile(telethonV7('dc', [9999, 'h', 443, key, null]))).toThrow(/DC id 9999/)
    expect(() => parseTelethonFile(join(dir, 'missing'))).toThrow(/no file/)
    const text = join(dir, 'text.session')
    writeFileSync(text, 'hello')
    expect(() => parseTelethonFile(text)).toThrow(/not an SQLite database/)
    const other = join(dir, 'other.session')
    new Database(other)
      .exec('create table version (version integer); insert into version values (7);')
      .close()
    expect(() => parseTelethonFile(other)).toThrow(/no "sessions" table/)
    const view = join(dir, 'view.session')
    new Database(view)
      .exec(`create table version (version integer); insert into version values (7);
        create view sessions as select 2 as dc_id, 'h' as server_address, 443 as port, randomblob(256) as auth_key;`)
      .close()
    expect(() => parseTelethonFile(view)).toThrow(/is a view/)
  })

  it('survives fuzzing: corrupted and truncated files parse cleanly or are refused', async () => {
    const rand = seededRandom(0x5e5)
    const original = new Uint8Array(readFileSync(telethonV7('fuzz', undefined, 42n)))
    const target = join(dir, 'fuzzed.session')
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 300; i++) {
      let bytes = mutateBytes(original, rand)
      // most of the file is free space; aim half the mutations at the pages that hold rows
      if (i % 2 === 0)
        for (let j = 0; j < 4; j++)
          bytes[Math.floor(rand() * Math.min(bytes.length, 8192))] = Math.floor(rand() * 256)
      if (i % 7 === 0) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length))
      writeFileSync(target, bytes)
      outcomes[await parsesOrRefuses('telethon-file', () => parseTelethonFile(target))]++
    }
    expect(outcomes.refused).toBeGreaterThan(20)
    expect(outcomes.parsed).toBeGreaterThan(20)
    expect(() => parseTelethonFile(target)).not.toThrow(TypeError)
  })

  it('names the format in its error type', () => {
    try {
      parseTelethonFile(join(dir, 'nope'))
    } catch (e) {
      expect(e).toBeInstanceOf(SessionImportError)
      expect((e as SessionImportError).code).toBe('not-found')
    }
    expect.assertions(2)
  })
})
