import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { EXIT } from '../errors/index.js'
import type { MediaItem } from '../media/media-item.js'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e.test-helper.js'
import { DiskFullError } from './disk-full.js'
import { DownloadEngine } from './engine.js'
import { type EngineFixture, engineFixture } from './engine.test-helper.js'
import { HEAD_BYTES } from './part-plan.js'
import type { PartWrite } from './target-file.js'
import { WORK_DIR, workFilesOf } from './work-files.js'

const PART = 256 * 1024

/**
 * A disk with room for `room` more bytes of parts: the write that does not
 * fit fails as Linux fails it; `written` has the offsets that made it, each
 * once. Bytes written again (the file's head, then its first part) take no
 * more room, as in a real file.
 */
function diskWithRoom(room: number): { wrap: (write: PartWrite) => PartWrite; written: number[] } {
  let left = room
  const written: number[] = []
  // how far the bytes on disk reach from each offset written at (writes only overlap at a part's start)
  const reach = new Map<number, number>()
  const wrap =
    (write: PartWrite): PartWrite =>
    async (offset, bytes) => {
      const end = offset + bytes.length
      const fresh = Math.max(0, end - (reach.get(offset) ?? offset))
      if (fresh > left) {
        left = 0
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
          errno: -28,
        })
      }
      left -= fresh
      await write(offset, bytes)
      reach.set(offset, Math.max(end, reach.get(offset) ?? offset))
      // the head alone is no part
      if (!(offset === 0 && bytes.length === HEAD_BYTES) && !written.includes(offset)) written.push(offset)
    }
  return { wrap, written }
}

describe('a full disk', () => {
  let fx: EngineFixture
  let me: AccountSessions
  let item: MediaItem
  const parts = () => fx.testkit.network.accounting.fileParts(`user:${me.account.userId}`)
  beforeAll(async () => {
    fx = await engineFixture({ profile: 'free' })
    me = await fx.account((a) => a.dc === 2 && !a.premium)
    // archive.zip: 4 MiB + 12345 bytes, 17 parts of 256 KiB
    item = (await fx.resolve(me, 'https://t.me/tgfetch_media/1'))[0]!
  })
  afterAll(() => fx.close())

  const download = async (path: string, wrapWrite?: (write: PartWrite) => PartWrite) => {
    const engine = new DownloadEngine({ accounts: [me], wrapWrite, flushMs: 50 })
    try {
      return await engine.download(item, { path, partSize: PART }).result
    } finally {
      await engine.close()
    }
  }

  it('stops with what is kept in words (exit 6); the rerun fetches only the missing parts', async () => {
    const path = join(fx.dir, 'full', 'archive.zip')
    // six parts, and the file's head if it is written before part 0 makes it
    const disk = diskWithRoom(6 * PART + HEAD_BYTES)
    const error = await download(path, disk.wrap).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DiskFullError)
    const full = error as DiskFullError
    expect(full.exitCode).toBe(EXIT.diskFull)
    expect(full.dir).toBe(join(fx.dir, 'full'))
    // every part written before the disk filled is journaled, those in flight included
    expect(disk.written).toHaveLength(6)
    expect(full.keptBytes).toBe(6 * PART)
    expect(full.message).toBe(
      `no space left on ${join(fx.dir, 'full')}: ${(full.keptBytes / 1024 / 1024).toFixed(1)} MiB kept, run again to resume`,
    )
    expect(readdirSync(join(fx.dir, 'full', WORK_DIR)).sort()).toEqual(
      ['archive.zip.journal', 'archive.zip.part'].sort(),
    )

    const before = parts().length
    const rerun = diskWithRoom(Number.POSITIVE_INFINITY)
    const result = await download(path, rerun.wrap)
    expect(result.resumedBytes).toBe(full.keptBytes)
    // the second run wrote exactly the parts the first did not, each once
    const all = Array.from({ length: Math.ceil(item.size / PART) }, (_, i) => i * PART)
    const missing = all.filter((offset) => !disk.written.includes(offset))
    expect([...rerun.written].sort((a, b) => a - b)).toEqual(missing)
    // and asked Telegram for none of the kept ones; the testkit may still be answering
    // what the first run had in flight when the disk filled, so those can appear here too
    const again = parts()
      .slice(before)
      .map((p) => p.offset)
    expect(again.filter((offset) => disk.written.includes(offset))).toEqual([])
    expect(sha256(readFileSync(path))).toBe(expectedSha256(fx.fileOf(item)))
    expect(existsSync(join(fx.dir, 'full', WORK_DIR))).toBe(false)
  })

  it('with no room at all: nothing kept, no empty .part file or journal left behind', async () => {
    const path = join(fx.dir, 'no-room', 'archive.zip')
    const error = await download(path, diskWithRoom(0).wrap).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DiskFullError)
    expect((error as DiskFullError).keptBytes).toBe(0)
    expect((error as Error).message).toMatch(/: 0\.0 MiB kept, run again to resume$/)
    expect(existsSync(workFilesOf(path).partial)).toBe(false)
    expect(readdirSync(join(fx.dir, 'no-room'))).toEqual([])
  })
})
