import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PartJournal } from './part-journal.js'

const parts = (partSize: number): number => Math.ceil(10_000_000 / partSize)
const identity = { fileKey: 'dc2:document:1:10000000', size: 10_000_000, partSize: 1 << 20, dataFile: '1:2' }

describe('PartJournal', () => {
  it('survives a reload, and its part size wins over a new one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'f.part.journal')
    const j = await PartJournal.load(path, identity, parts)
    j.mark([0, 3, 9])
    await j.save()
    const again = await PartJournal.load(path, { ...identity, partSize: 1 << 19 }, parts)
    expect([again.done, again.has(3), again.has(4), again.identity.partSize]).toEqual([
      3,
      true,
      false,
      1 << 20,
    ])
    again.unmark(3)
    expect(again.done).toBe(2)
  })

  it('starts over for another file, a torn write or garbage — never trusts what it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'))
    const path = join(dir, 'f.part.journal')
    const j = await PartJournal.load(path, identity, parts)
    j.mark([1, 2])
    await j.save()
    expect((await PartJournal.load(path, { ...identity, fileKey: 'other' }, parts)).done).toBe(0)
    // the same media, but its data file was replaced: not a byte of it is vouched for
    expect((await PartJournal.load(path, { ...identity, dataFile: '1:3' }, parts)).done).toBe(0)
    expect((await PartJournal.load(path, identity, parts)).done).toBe(2)
    const text = readFileSync(path, 'utf8')
    writeFileSync(path, text.slice(0, text.length / 2))
    expect((await PartJournal.load(path, identity, parts)).done).toBe(0)
    writeFileSync(path, JSON.stringify({ ...identity, version: 2, size: 'x', done: 5 }))
    expect((await PartJournal.load(path, identity, parts)).done).toBe(0)
  })

  it('ignores marks outside the file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'f.part.journal')
    const j = await PartJournal.load(path, identity, parts)
    j.mark([-1, 10, 1000, 9, 9])
    expect([j.done, j.complete]).toEqual([1, false])
  })
})
