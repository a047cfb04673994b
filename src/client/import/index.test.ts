import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sessions } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { describe, expect, it } from 'vitest'
import { AccountStore, type StoredAuthKey } from '../storage/account-store.js'
import { openStateDatabase } from '../storage/database.js'
import {
  detectSessionKind,
  type ImportedSession,
  importSession,
  SessionImportError,
  saveImportedSession,
} from './index.js'

const key = randomBytes(256)
const dir = mkdtempSync(join(tmpdir(), 'tgfetch-import-'))

const telethonString = (ip: number[]) =>
  `1${Buffer.concat([Buffer.from([2, ...ip, 1, 187]), key]).toString('base64url')}=` // Python pads

async function gramjsString(host: string): Promise<string> {
  const s = new sessions.StringSession('')
  s.setDC(2, host, 443)
  const k = new AuthKey()
  await k.setKey(key)
  s.setAuthKey(k)
  return s.save()
}

function pyrogramString(): string {
  const b = Buffer.alloc(271)
  b[0] = 2
  b.set(key, 6)
  b.writeBigUInt64BE(99n, 262)
  return b.toString('base64url')
}

describe('session import', () => {
  it('detects each format, including GramJS strings as long as Telethon IPv6 ones', async () => {
    const gram = await gramjsString('149.154.167.51')
    const v6 = telethonString([0x20, 0x01, 0x0b, 0x28, 0xf2, 0x3d, 0xf0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x0a])
    expect(gram.length).toBe(v6.length)
    expect(detectSessionKind(gram)).toBe('gramjs-string')
    expect(detectSessionKind(await gramjsString('my.testkit'))).toBe('gramjs-string')
    expect(detectSessionKind(v6)).toBe('telethon-string')
    expect(detectSessionKind(telethonString([1, 2, 3, 4]))).toBe('telethon-string')
    expect(detectSessionKind(` ${pyrogramString()}\n`)).toBe('pyrogram-string')
    const file = join(dir, 'a.session')
    const db = new Database(file)
    db.exec('create table version (version integer primary key); insert into version values (7)')
    db.close()
    expect(detectSessionKind(file)).toBe('telethon-file')
    expect(detectSessionKind(join(dir, 'a'))).toBe('telethon-file')
    expect(detectSessionKind(dir)).toBeUndefined()
    expect(detectSessionKind('hello')).toBeUndefined()
  })

  it('imports by kind, trimming pasted strings', async () => {
    const got = await importSession({ kind: 'pyrogram-string', value: `${pyrogramString()}\n` })
    expect(got).toMatchObject({ dcId: 2, userId: 99, isBot: false })
    await expect(importSession({ kind: 'gramjs-string', value: 'x' })).rejects.toBeInstanceOf(
      SessionImportError,
    )
    await expect(importSession({ kind: 'tdata', value: dir })).rejects.toThrow(/^tdata session: no key_datas/)
  })

  it('saves an imported session as an account with every key perm and authorized', () => {
    const store = new AccountStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-import-store-'))))
    const extra = randomBytes(256)
    const session: ImportedSession = {
      dcId: 4,
      authKey: key,
      userId: 1234,
      isBot: true,
      extraKeys: [
        { dcId: 2, authKey: extra },
        { dcId: 4, authKey: extra },
      ],
    }
    const account = saveImportedSession(store, 'imported', session)
    expect(account).toMatchObject({ label: 'imported', kind: 'bot', userId: 1234, homeDc: 4 })
    expect(store.key(account.id, 4)).toMatchObject({ kind: 'perm', authorized: true, timeOffset: 0 })
    expect(Buffer.from(store.key(account.id, 4)!.authKey).equals(key)).toBe(true)
    expect(Buffer.from(store.key(account.id, 2)!.authKey).equals(extra)).toBe(true)
    expect(() => saveImportedSession(store, 'imported', session)).toThrow(/UNIQUE/)
  })

  it('leaves no half-imported account behind when a key cannot be saved', () => {
    class FailingStore extends AccountStore {
      override saveKey(accountId: number, k: StoredAuthKey): void {
        if (k.dcId === 2) throw new Error('disk full')
        super.saveKey(accountId, k)
      }
    }
    const store = new FailingStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-import-store-'))))
    const session = { dcId: 4, authKey: key, extraKeys: [{ dcId: 2, authKey: key }] }
    expect(() => saveImportedSession(store, 'x', session)).toThrow(/disk full/)
    expect(store.list()).toEqual([])
  })
})
