import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from './account-store.js'
import { openStateDatabase } from './database.js'
import { PoolSizeStore } from './pool-size-store.js'

describe('PoolSizeStore', () => {
  it('keeps the latest size per account and DC, across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-pool-size-'))
    const db = openStateDatabase(dir)
    const accounts = new AccountStore(db)
    const me = accounts.create({ label: 'me', kind: 'user', premium: false, homeDc: 2 })
    const other = accounts.create({ label: 'other', kind: 'user', premium: true, homeDc: 4 })
    const store = new PoolSizeStore(db)
    expect(store.get(me.id, 2)).toBeUndefined()
    store.set(me.id, 2, 16)
    store.set(me.id, 2, 12)
    store.set(me.id, 4, 8)
    store.set(other.id, 2, 18)
    db.close()
    const again = openStateDatabase(dir)
    const reopened = new PoolSizeStore(again)
    expect([reopened.get(me.id, 2), reopened.get(me.id, 4), reopened.get(other.id, 2)]).toEqual([12, 8, 18])
    // a removed account takes what was learned with it
    again.prepare('DELETE FROM accounts WHERE id = ?').run(me.id)
    expect(reopened.get(me.id, 2)).toBeUndefined()
    again.close()
  })
})
