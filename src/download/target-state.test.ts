import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MediaItem } from '../media/media-item.js'
import { fileKeyOf } from './file-key.js'
import { PartJournal } from './part-journal.js'
import { inspectTarget } from './target-state.js'
import { WORK_DIR, workFilesOf } from './work-files.js'

function item(id: bigint, size: number): MediaItem {
  return { dcId: 2, size, location: { _: 'inputDocumentFileLocation', id } } as unknown as MediaItem
}

/** A journal beside `path` as a download of `of` leaves it. */
async function journalFor(path: string, of: MediaItem): Promise<void> {
  const identity = { fileKey: fileKeyOf(of), size: of.size, partSize: 4096, dataFile: '1:2' }
  mkdirSync(join(path, '..', WORK_DIR), { recursive: true })
  await PartJournal.fresh(workFilesOf(path).journal, identity, () => 1).save()
}

describe('inspectTarget', () => {
  it('tells nothing, a complete file, another file, and partial downloads of this file and of another apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-target-'))
    const mine = item(1n, 3)
    expect(await inspectTarget(mine, join(dir, 'none'))).toBe('absent')
    writeFileSync(join(dir, 'done'), 'abc')
    expect(await inspectTarget(mine, join(dir, 'done'))).toBe('complete')
    writeFileSync(join(dir, 'longer'), 'abcd')
    expect(await inspectTarget(mine, join(dir, 'longer'))).toBe('other-file')
    mkdirSync(join(dir, 'folder'))
    expect(await inspectTarget(mine, join(dir, 'folder'))).toBe('other-file')
    await journalFor(join(dir, 'resumable'), mine)
    expect(await inspectTarget(mine, join(dir, 'resumable'))).toBe('partial-of-this')
    await journalFor(join(dir, 'theirs'), item(2n, 3))
    expect(await inspectTarget(mine, join(dir, 'theirs'))).toBe('partial-of-another')
  })
})
