import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteAccountLeases } from './account-lease.js'
import { type ArchiveDatabase, openArchiveDatabase } from './archive-db.js'

describe('SqliteAccountLeases', () => {
  const dbs: ArchiveDatabase[] = []
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close()
  })
  let time = 1_000_000
  const clock = (): number => time
  /** Two processes on one machine: two connections to one file, one clock. */
  function twoWorkers(): [SqliteAccountLeases, SqliteAccountLeases] {
    const path = join(mkdtempSync(join(tmpdir(), 'tgfetch-leases-')), 'archive.db')
    const [a, b] = [openArchiveDatabase(path), openArchiveDatabase(path)] as [
      ArchiveDatabase,
      ArchiveDatabase,
    ]
    dbs.push(a, b)
    return [new SqliteAccountLeases(a, clock), new SqliteAccountLeases(b, clock)]
  }

  it('one worker at a time; the holder may take it again', async () => {
    const [one, two] = twoWorkers()
    expect(await one.acquire('+999662', 'w1', 30_000)).toBe(true)
    expect(await two.acquire('+999662', 'w2', 30_000)).toBe(false)
    expect(await one.acquire('+999662', 'w1', 30_000)).toBe(true)
    expect(await two.acquire('+999663', 'w2', 30_000)).toBe(true)
  })

  it('a lease not renewed expires and another worker takes over; the first has lost it', async () => {
    const [one, two] = twoWorkers()
    await one.acquire('acc', 'w1', 30_000)
    time += 20_000
    expect(await one.renew('acc', 'w1', 30_000)).toBe(true)
    time += 29_999
    expect(await two.acquire('acc', 'w2', 30_000)).toBe(false)
    time += 1
    expect(await two.acquire('acc', 'w2', 30_000)).toBe(true)
    expect(await one.renew('acc', 'w1', 30_000)).toBe(false)
    // the loser's release does not free the winner's lease
    await one.release('acc', 'w1')
    expect(await one.acquire('acc', 'w1', 30_000)).toBe(false)
  })

  it('a released account is free at once', async () => {
    const [one, two] = twoWorkers()
    await one.acquire('acc', 'w1', 30_000)
    await one.release('acc', 'w1')
    expect(await two.acquire('acc', 'w2', 30_000)).toBe(true)
  })

  it('a FLOOD_WAIT outlives the lease: the worker that takes over waits it out', async () => {
    const [one, two] = twoWorkers()
    await one.acquire('acc', 'w1', 10_000)
    await one.setFloodUntil('acc', 'upload.getFile', time + 60_000)
    const end = time + 60_000
    time += 10_000
    expect(await two.acquire('acc', 'w2', 10_000)).toBe(true)
    expect(await two.floodUntil('acc', 'upload.getFile')).toBe(end)
    // per method: other calls may go
    expect(await two.floodUntil('acc', 'messages.getHistory')).toBe(0)
    // a shorter wait met later does not shorten it
    await two.setFloodUntil('acc', 'upload.getFile', time + 5_000)
    expect(await one.floodUntil('acc', 'upload.getFile')).toBe(end)
    time = end
    expect(await two.floodUntil('acc', 'upload.getFile')).toBe(0)
  })
})
