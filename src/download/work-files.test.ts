import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>()
  return { ...real, mkdir: vi.fn(real.mkdir) }
})

describe('inWorkDir', () => {
  let dir: string
  let inWorkDir: typeof import('./work-files.js').inWorkDir
  let WORK_DIR: string
  beforeAll(async () => {
    // test files share modules (isolate: false): a fresh copy, which imports the mocked mkdir
    vi.resetModules()
    ;({ inWorkDir, WORK_DIR } = await import('./work-files.js'))
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tgfetch-work-files-'))
  })
  afterEach(() => {
    vi.mocked(fsp.mkdir).mockClear()
    rmSync(dir, { recursive: true, force: true })
  })

  it('makes the folder again when another download removes it under its mkdir', async () => {
    // a recursive mkdir that meets the folder (EEXIST), then finds it gone when it checks it: ENOENT
    vi.mocked(fsp.mkdir).mockRejectedValueOnce(
      Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${WORK_DIR}'`), { code: 'ENOENT' }),
    )
    const file = join(dir, WORK_DIR, 'a.mp4.lock')
    await inWorkDir(join(dir, 'a.mp4'), () => fsp.writeFile(file, 'held', { flag: 'wx' }))
    expect(readFileSync(file, 'utf8')).toBe('held')
    expect(fsp.mkdir).toHaveBeenCalledTimes(2)
  })

  it('gives up after a few tries and says why', async () => {
    const gone = Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    for (let i = 0; i < 4; i++) vi.mocked(fsp.mkdir).mockRejectedValueOnce(gone)
    await expect(inWorkDir(join(dir, 'b.mp4'), async () => 1)).rejects.toBe(gone)
    expect(fsp.mkdir).toHaveBeenCalledTimes(4)
  })
})
