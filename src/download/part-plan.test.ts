import { describe, expect, it } from 'vitest'
import { seededRandom } from '../crypto/random.js'
import { checkPartSize, defaultPartSize, MAX_PART, partAt, partCount } from './part-plan.js'

/** Telegram's rules for a non-precise upload.getFile request. */
function validRequest(offset: number, limit: number): boolean {
  return (
    offset % 4096 === 0 &&
    limit % 4096 === 0 &&
    MAX_PART % limit === 0 &&
    Math.floor(offset / MAX_PART) === Math.floor((offset + limit - 1) / MAX_PART)
  )
}

describe('part plan', () => {
  it('accepts only sizes that divide 1 MiB in 4 KiB steps', () => {
    for (const ok of [4096, 8192, 65536, 131072, 524288, MAX_PART]) expect(checkPartSize(ok)).toBe(ok)
    for (const bad of [0, 1024, 4095, 12288, 3 * 65536, 2 * MAX_PART, 0.5, Number.NaN])
      expect(() => checkPartSize(bad)).toThrow(/power of two/)
  })

  it('picks the smallest size that holds a small file, 1 MiB for large ones', () => {
    expect(defaultPartSize(0)).toBe(4096)
    expect(defaultPartSize(4096)).toBe(4096)
    expect(defaultPartSize(4097)).toBe(8192)
    expect(defaultPartSize(700_000)).toBe(MAX_PART)
    expect(defaultPartSize(5e9)).toBe(MAX_PART)
  })

  it('covers every byte exactly once with requests Telegram accepts', () => {
    const random = seededRandom(7)
    for (let round = 0; round < 200; round++) {
      const size = Math.floor(random() * 5 * MAX_PART) + 1
      const partSize = 4096 * 2 ** Math.floor(random() * 9)
      let covered = 0
      for (let i = 0; i < partCount(size, partSize); i++) {
        const part = partAt(i, size, partSize)
        expect(part.offset).toBe(covered)
        expect(validRequest(part.offset, part.limit)).toBe(true)
        expect(part.length).toBeGreaterThan(0)
        covered += part.length
      }
      expect(covered).toBe(size)
    }
  })
})
