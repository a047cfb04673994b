import { describe, expect, it } from 'vitest'
import { SYNTHETIC_PERIOD, SyntheticContent } from './synthetic-content.js'

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

describe('synthetic content into a target buffer', () => {
  it('writes an unaligned range at a position, clipped at the end of the file', () => {
    const file = new SyntheticContent('doc-2', 3 * 1024 * 1024 + 5)
    const target = new Uint8Array(2 * 1024 * 1024 + 100)
    const n = file.readInto(target, 7, 1024 * 1024 + 3, 2 * 1024 * 1024 + 50)
    expect(n).toBe(2 * 1024 * 1024 + 2)
    const expected = Buffer.concat([
      file.read(1024 * 1024 + 3, 1024 * 1024),
      file.read(2 * 1024 * 1024 + 3, 2 * 1024 * 1024),
    ])
    expect(Buffer.from(target.subarray(7, 7 + n)).equals(expected)).toBe(true)
    expect(target[6]).toBe(0)
  })
})

describe('synthetic content past its period', () => {
  it('repeats a prime-length pool, so parts shifted by multiples of 1 KiB differ', () => {
    const file = new SyntheticContent('big', 3 * SYNTHETIC_PERIOD)
    const at = (o: number) => Buffer.from(file.read(o, 4096))
    expect(at(SYNTHETIC_PERIOD + 100).equals(at(100))).toBe(true)
    expect(at(4 * 1024 * 1024).equals(at(0))).toBe(false)
    expect(
      at(SYNTHETIC_PERIOD - 1000)
        .subarray(1000)
        .equals(at(0).subarray(0, 3096)),
    ).toBe(true)
  })
})
