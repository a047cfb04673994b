import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from './account-store.js'
import { ChatProgressStore } from './chat-progress-store.js'
import { openStateDatabase } from './database.js'

describe('ChatProgressStore', () => {
  it('remembers the highest id per account, chat and scope, across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-progress-'))
    const db = openStateDatabase(dir)
    const account = new AccountStore(db).create({ label: 'me', kind: 'user', premium: false, homeDc: 2 })
    const store = new ChatProgressStore(db)
    expect(store.get(account.id, 7, 'a')).toBeUndefined()
    store.advance(account.id, 7, 'a', 10)
    store.advance(account.id, 7, 'a', 4) // never back
    store.advance(account.id, 7, 'b', 3)
    store.advance(account.id, 8, 'a', 99)
    expect(store.get(account.id, 7, 'a')).toBe(10)
    expect(store.get(account.id, 7, 'b')).toBe(3)
    db.close()
    const again = openStateDatabase(dir)
    const reopened = new ChatProgressStore(again)
    expect(reopened.get(account.id, 7, 'a')).toBe(10)
    expect(reopened.get(account.id, 8, 'a')).toBe(99)
    reopened.forget(account.id, 7, 'a')
    expect(reopened.get(account.id, 7, 'a')).toBeUndefined()
    // a removed account takes its progress with it
    again.prepare('DELETE FROM accounts WHERE id = ?').run(account.id)
    expect(reopened.get(account.id, 8, 'a')).toBeUndefined()
    again.close()
  })
})
