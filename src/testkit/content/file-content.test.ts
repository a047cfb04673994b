import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DiskContent, FileContents, readRange, sha256Of } from './file-content.js'
import { SyntheticContent } from './synthetic-content.js'

describe('file contents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-content-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a real file at any offset into a target buffer', async () => {
    const data = randomBytes(300_000)
    const path = join(dir, 'real.bin')
    writeFileSync(path, data)
    const contents = new FileContents()
    const content = contents.of({ id: 'r1', size: data.length, dc: 2, path })
    expect(content).toBeInstanceOf(DiskContent)
    expect(contents.of({ id: 'r1', size: data.length, dc: 2, path })).toBe(content)
    const target = new Uint8Array(5000)
    expect(await content.readInto(target, 10, 299_000, 4096)).toBe(1000)
    expect(Buffer.from(target.subarray(10, 1010)).equals(data.subarray(299_000))).toBe(true)
    expect(Buffer.from(await readRange(content, 4096, 8192)).equals(data.subarray(4096, 12_288))).toBe(true)
    expect(await readRange(content, 400_000, 4096)).toHaveLength(0)
    await contents.close()
  })

  it('generates files without a path, the same bytes as SyntheticContent', async () => {
    const content = new FileContents().of({ id: 'f9', size: 70_000, dc: 3 })
    expect(await sha256Of(content)).toBe(new SyntheticContent('f9', 70_000).sha256())
  })

  it('reports a file shorter than the world says', async () => {
    const path = join(dir, 'short.bin')
    writeFileSync(path, randomBytes(100))
    const content = new DiskContent(path, 200)
    await expect(readRange(content, 0, 200)).rejects.toThrow('shorter')
    await content.close()
  })
})
