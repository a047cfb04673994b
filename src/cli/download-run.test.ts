import { afterEach, describe, expect, it, vi } from 'vitest'
import { DiskFullError } from '../download/disk-full.js'
import { settleRun } from './download-run.js'
import { EXIT } from './exit-codes.js'

afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

describe('settleRun', () => {
  it('a full disk: one sentence with the folder and what is kept, exit 6', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const errors = [
      new DiskFullError('/media/out', 3 * 1024 * 1024),
      new DiskFullError('/media/out', 1024 * 1024),
    ]
    expect(settleRun({ interrupted: false, failed: 2, errors, keptBytes: 0 })).toBe(false)
    expect(stderr.mock.calls.map((c) => c[0])).toEqual([
      'tgfetch: no space left on /media/out: 4.00 MiB kept, run the same command again to resume\n',
    ])
    expect(process.exitCode).toBe(EXIT.diskFull)
  })
})
