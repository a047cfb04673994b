import { describe, expect, it } from 'vitest'
import { SyntheticContent } from './synthetic-content.js'

describe('synthetic file content', () => {
  it('gives the same bytes for a range read whole or in unaligned pieces', () => {
    const file = new SyntheticContent('doc-1', 100_003)
    const whole = file.read(0, file.size)
    expect(whole).toHaveLength(100_003)
    const pieces = [file.read(0, 17), file.read(17, 50_000), file.read(50_017, 60_000)]
    expect(Buffer.concat(pieces).equals(Buffer.from(whole))).toBe(true)
    expect(file.read(100_000, 4096)).toHaveLength(3)
  })
  it('differs between files', () => {
    const a = new SyntheticContent('a', 64).read(0, 64)
    const b = new SyntheticContent('b', 64).read(0, 64)
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
  })
})
