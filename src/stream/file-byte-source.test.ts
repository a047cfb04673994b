import { mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileByteSource } from './file-byte-source.js'
import { expectedBytes } from './stream.test-helper.js'

const SIZE = 300_000 // several 64 KiB reads
let dir: string
let path: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgfetch-stream-'))
  path = join(dir, 'clip.mp4')
  await writeFile(path, expectedBytes(0, SIZE - 1))
  await utimes(path, new Date('2026-11-22T10:00:00Z'), new Date('2026-11-22T10:00:00.500Z'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Uint8Array[] = []
  for await (const chunk of chunks) out.push(chunk)
  return Buffer.concat(out)
}

describe('fileByteSource', () => {
  it('describes the file and reads any range exactly', async () => {
    const source = await fileByteSource(path, { mime: 'video/mp4' })
    expect(source).toMatchObject({ size: SIZE, mime: 'video/mp4', fileName: 'clip.mp4' })
    expect(source.etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(source.lastModified?.toISOString()).toBe('2026-11-22T10:00:00.500Z')
    const signal = new AbortController().signal
    for (const [start, end] of [
      [0, SIZE - 1],
      [65_535, 65_536],
      [100_000, 299_998],
      [SIZE - 1, SIZE - 1],
    ] as const) {
      expect((await collect(source.read(start, end, signal))).equals(expectedBytes(start, end))).toBe(true)
    }
  })

  it('another file or a changed one gets another ETag', async () => {
    const before = (await fileByteSource(path)).etag
    await utimes(path, new Date(), new Date('2026-11-23T10:00:00Z'))
    expect((await fileByteSource(path)).etag).not.toBe(before)
  })

  it('stops when the signal aborts', async () => {
    const source = await fileByteSource(path)
    const abort = new AbortController()
    let chunks = 0
    for await (const _ of source.read(0, SIZE - 1, abort.signal)) {
      chunks++
      abort.abort()
    }
    expect(chunks).toBe(1)
  })

  it('fails loudly when the file became shorter, and for what is not a file', async () => {
    const source = await fileByteSource(path)
    await truncate(path, 1000)
    await expect(collect(source.read(0, SIZE - 1, new AbortController().signal))).rejects.toThrow(/shorter/)
    await expect(fileByteSource(dir)).rejects.toThrow(/not a regular file/)
  })
})
