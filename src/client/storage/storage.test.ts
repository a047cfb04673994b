import { spawn } from 'node:child_process'
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from './account-store.js'
import { resolveDataDir } from './data-dir.js'
import { openStateDatabase } from './database.js'

const fresh = () => mkdtempSync(join(tmpdir(), 'tgfetch-store-'))

describe('state database', () => {
  it('is created owner-only, with its WAL companions, in an owner-only folder', () => {
    const dir = resolveDataDir(join(fresh(), 'nested', 'home'))
    const db = openStateDatabase(dir)
    new AccountStore(db).create({ label: 'a', kind: 'user', premium: false, homeDc: 2 })
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm'])
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('takes TGFETCH_HOME when no folder is given', () => {
    const home = join(fresh(), 'from-env')
    expect(resolveDataDir(undefined, { TGFETCH_HOME: home })).toBe(home)
  })

  it('keeps accounts and their keys apart, with one default', () => {
    const store = new AccountStore(openStateDatabase(fresh()))
    const a = store.create({ label: 'alice', kind: 'user', phone: '9996621234', premium: false, homeDc: 2 })
    const b = store.create({ label: 'bot', kind: 'bot', premium: false, homeDc: 4 })
    expect(store.defaultAccount()?.label).toBe('alice')
    store.setDefault(b.id)
    expect(store.defaultAccount()?.label).toBe('bot')
    const key = new Uint8Array(256).fill(9)
    store.saveKey(a.id, { dcId: 2, kind: 'perm', authKey: key, salt: '-42', timeOffset: 3, authorized: true })
    store.saveKey(b.id, {
      dcId: 2,
      kind: 'perm',
      authKey: new Uint8Array(256).fill(1),
      timeOffset: 0,
      authorized: false,
    })
    expect(store.key(a.id, 2)).toMatchObject({ salt: '-42', timeOffset: 3, authorized: true })
    expect(Buffer.from(store.key(a.id, 2)!.authKey).equals(Buffer.from(key))).toBe(true)
    store.remove(b.id)
    expect(store.key(b.id, 2)).toBeUndefined()
    expect(store.key(a.id, 2)).toBeDefined()
    expect(store.defaultAccount()?.label).toBe('alice')
    expect(() => store.create({ label: 'alice', kind: 'user', premium: false, homeDc: 1 })).toThrow(/UNIQUE/)
  })

  it('is safe for two processes creating, migrating and writing at once', () => {
    // no parent opens it first: both children race to create and migrate the file
    const dir = fresh()
    const script = (label: string) => `
      import { AccountStore } from ${JSON.stringify(new URL('./account-store.ts', import.meta.url).pathname)}
      import { openStateDatabase } from ${JSON.stringify(new URL('./database.ts', import.meta.url).pathname)}
      const store = new AccountStore(openStateDatabase(${JSON.stringify(dir)}))
      for (let i = 0; i < 50; i++) store.create({ label: '${label}' + i, kind: 'user', premium: false, homeDc: 2 })
    `
    const run = (label: string) =>
      new Promise<string>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script(label)],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        )
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
        child.on('exit', (code) => resolve(`exit ${code}${stderr ? `: ${stderr}` : ''}`))
      })
    return Promise.all([run('p'), run('q')]).then((outcomes) => {
      expect(outcomes).toEqual(['exit 0', 'exit 0'])
      expect(new AccountStore(openStateDatabase(dir)).list()).toHaveLength(100)
    })
  }, 60_000)
})
