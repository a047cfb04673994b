import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ArchiveDatabase, openArchiveDatabase } from './archive-db.js'
import { type ArchivedFile, DedupStore } from './dedup-store.js'

const file: ArchivedFile = {
  identity: 'doc:5000001@2',
  path: '/archive/a/1.zip',
  size: 4096,
  sha256: 'ab'.repeat(32),
  chatId: 1_500_000_001,
  msgId: 1,
}

describe('DedupStore', () => {
  let db: ArchiveDatabase | undefined
  const open = (clock?: () => number): { store: DedupStore; path: string } => {
    const path = join(mkdtempSync(join(tmpdir(), 'tgfetch-dedup-')), 'archive.db')
    db = openArchiveDatabase(path)
    return { store: new DedupStore(db, clock), path }
  }
  afterEach(() => db?.close())

  it('the database file is owner-only', () => {
    const { path } = open()
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600)
  })

  it('a recorded file is found by its identity; an unknown one is not', () => {
    const { store } = open()
    expect(store.lookup(file.identity)).toBeUndefined()
    store.record(file)
    expect(store.lookup(file.identity)).toEqual(file)
    expect(store.lookup('doc:5000001@3')).toBeUndefined()
    expect(store.count()).toBe(1)
  })

  it('the first copy stays the one others link to', () => {
    const { store } = open()
    store.record(file)
    store.record({ ...file, path: '/archive/b/9.zip', chatId: 7, msgId: 9 })
    expect(store.lookup(file.identity)).toEqual(file)
  })

  it('a copy found gone is replaced by the new download', () => {
    const { store } = open()
    store.record(file)
    const again = { ...file, path: '/archive/b/9.zip', chatId: 7, msgId: 9 }
    store.record(again, file.path)
    expect(store.lookup(file.identity)).toEqual(again)
  })

  it('one job at a time claims a download; a claim not renewed expires', async () => {
    let time = 1000
    const { store } = open(() => time)
    expect(store.claim(file.identity, 'a', 60_000)).toBe(true)
    expect(store.claim(file.identity, 'b', 60_000)).toBe(false)
    expect(store.claim('doc:2@2', 'b', 60_000)).toBe(true)
    time += 30_000
    expect(store.claim(file.identity, 'a', 60_000)).toBe(true)
    time += 59_999
    expect(store.claim(file.identity, 'b', 60_000)).toBe(false)
    time += 1
    expect(store.claim(file.identity, 'b', 60_000)).toBe(true)
    store.unclaim(file.identity, 'a')
    expect(store.claim(file.identity, 'a', 60_000)).toBe(false)
    store.unclaim(file.identity, 'b')
    expect(store.claim(file.identity, 'a', 60_000)).toBe(true)
  })

  it('counts the bytes links spared', () => {
    const { store } = open()
    expect(store.dedupedBytes()).toBe(0)
    store.noteDeduped(4096)
    store.noteDeduped(100)
    expect(store.dedupedBytes()).toBe(4196)
  })
})
