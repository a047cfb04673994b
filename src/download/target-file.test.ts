import { randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AlignedBufferPool } from './aligned-buffers.js'
import { TargetFile } from './target-file.js'
import { workFilesOf } from './work-files.js'

const dir = mkdtempSync(join(tmpdir(), 'tgfetch-target-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Whether this folder's file system takes O_DIRECT at all (tmpfs on older kernels does not). */
function folderTakesDirect(): boolean {
  if (constants.O_DIRECT === undefined) return false
  const probe = join(dir, 'probe')
  writeFileSync(probe, '')
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_DIRECT))
    return true
  } catch {
    return false
  }
}

describe('TargetFile', () => {
  it('writes aligned parts past the page cache and the odd tail through it; the bytes read back the same', async () => {
    const part = 256 * 1024
    const size = 3 * part + 1234
    const data = randomBytes(size)
    const path = join(dir, 'video.mp4')
    const file = await TargetFile.open(path, size)
    expect(statSync(workFilesOf(path).partial).size).toBe(size)
    // out of order, as parts arrive
    for (const i of [2, 0, 3, 1])
      await file.write(i * part, data.subarray(i * part, Math.min(size, (i + 1) * part)))
    // the O_DIRECT writes were accepted (not turned down with EINVAL and redone the slow way)
    expect(file.bypassesCache).toBe(folderTakesDirect())
    expect(Buffer.from(await file.read(part - 10, 20))).toEqual(data.subarray(part - 10, part + 10))
    await file.finish()
    expect(readFileSync(path).equals(data)).toBe(true)
  })

  it('keeps the bytes an earlier run left in the .part file', async () => {
    const path = join(dir, 'resume.bin')
    const first = randomBytes(8192)
    const a = await TargetFile.open(path, 16384)
    expect(a.created).toBe(true)
    await a.write(0, first)
    await a.close()
    const b = await TargetFile.open(path, 16384)
    expect(b.created).toBe(false)
    const second = randomBytes(8192)
    await b.write(8192, second)
    await b.finish()
    expect(readFileSync(path).equals(Buffer.concat([first, second]))).toBe(true)
  })
})

describe('AlignedBufferPool', () => {
  it('lends buffers up to its limit, then makes the next taker wait for one to come back', async () => {
    const pool = new AlignedBufferPool(65_536, 4)
    const lent = await Promise.all([pool.take(), pool.take(), pool.take(), pool.take()])
    expect(lent.every((b) => b.length === 65_536)).toBe(true)
    expect(new Set(lent).size).toBe(4)
    let fifth: Uint8Array | undefined
    const waiting = pool.take().then((b) => {
      fifth = b
    })
    await new Promise((r) => setTimeout(r, 10))
    expect(fifth).toBeUndefined()
    pool.give(lent[1]!)
    await waiting
    expect(fifth).toBe(lent[1])
  })

  it('refuses a buffer size that is not whole WebAssembly pages', () => {
    expect(() => new AlignedBufferPool(4096, 1)).toThrow(RangeError)
  })
})
