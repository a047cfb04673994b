import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteAccountLeases } from './account-lease.js'
import { type ArchiveDatabase, openArchiveDatabase } from './archive-db.js'
import { HeldAccounts } from './held-accounts.js'

describe('HeldAccounts', () => {
  const dbs: ArchiveDatabase[] = []
  const running: HeldAccounts<string>[] = []
  afterEach(async () => {
    for (const h of running.splice(0)) await h.close()
    for (const db of dbs.splice(0)) db.close()
  })
  const path = (): string => join(mkdtempSync(join(tmpdir(), 'tgfetch-held-')), 'archive.db')
  /** a worker process on the store at `file`, and the changes it saw, in order */
  function worker(file: string, name: string, keys = ['a', 'b']) {
    const db = openArchiveDatabase(file)
    dbs.push(db)
    const changes: string[] = []
    let wake: (() => void) | undefined
    const held = new HeldAccounts({
      leases: new SqliteAccountLeases(db),
      accounts: keys.map((key) => ({ key, account: `${key}-sessions` })),
      worker: name,
      leaseMs: 300,
      onChange(key, now) {
        changes.push(`${now ? '+' : '-'}${key}`)
        wake?.()
      },
    })
    running.push(held)
    const changed = (): Promise<void> =>
      new Promise((r) => {
        wake = r
      })
    return { held, changes, changed, leases: new SqliteAccountLeases(db) }
  }

  it('one process holds an account; the others take it over once it is given back, jobs spread over what is held', async () => {
    const file = path()
    const one = worker(file, 'w1')
    const two = worker(file, 'w2')
    await one.held.start()
    await two.held.start()
    expect(one.changes).toEqual(['+a', '+b'])
    expect(two.held.take()).toBeUndefined()
    expect([1, 2, 3].map(() => one.held.take()?.account)).toEqual(['a-sessions', 'b-sessions', 'a-sessions'])
    const takenOver = two.changed()
    await one.held.close()
    await takenOver
    expect(two.changes[0]).toBe('+a')
    expect(one.held.take()).toBeUndefined()
  })

  it('a lease lost to another process aborts the jobs using that account', async () => {
    const file = path()
    const one = worker(file, 'w1', ['a'])
    await one.held.start()
    const using = one.held.take()!
    // another process took it (the lease lapsed while this one was stopped)
    await one.leases.release('a', 'w1')
    expect(await one.leases.acquire('a', 'intruder', 60_000)).toBe(true)
    const lost = one.changed()
    await lost
    expect(one.changes).toEqual(['+a', '-a'])
    expect(using.signal.aborted).toBe(true)
    expect(one.held.take()).toBeUndefined()
  })
})
