import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from './account-store.js'
import { openStateDatabase } from './database.js'
import { RequestPaceStore } from './request-pace-store.js'

describe('RequestPaceStore', () => {
  it('keeps the latest rate per account and method, across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-pace-'))
    const db = openStateDatabase(dir)
    const accounts = new AccountStore(db)
    const me = accounts.create({ label: 'me', kind: 'user', premium: false, homeDc: 2 })
    const other = accounts.create({ label: 'other', kind: 'user', premium: true, homeDc: 4 })
    const store = new RequestPaceStore(db)
    expect(store.get(me.id, 'upload.getFile')).toBeUndefined()
    store.set(me.id, 'upload.getFile', 90)
    store.set(me.id, 'upload.getFile', 81)
    store.set(me.id, 'upload.getCdnFile', 40)
    store.set(other.id, 'upload.getFile', 120)
    db.close()
    const again = openStateDatabase(dir)
    const reopened = new RequestPaceStore(again)
    expect(reopened.get(me.id, 'upload.getFile')).toBe(81)
    expect(reopened.get(me.id, 'upload.getCdnFile')).toBe(40)
    expect(reopened.get(other.id, 'upload.getFile')).toBe(120)
    // a removed account takes what was learned with it
    again.prepare('DELETE FROM accounts WHERE id = ?').run(me.id)
    expect(reopened.get(me.id, 'upload.getFile')).toBeUndefined()
    again.close()
  })
})
