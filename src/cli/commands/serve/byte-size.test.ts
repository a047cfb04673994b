import { describe, expect, it } from 'vitest'
import { parseByteSize } from './byte-size.js'

describe('--cache-size', () => {
  it('reads binary units and plain bytes', () => {
    expect(parseByteSize('2G')).toBe(2 * 1024 ** 3)
    expect(parseByteSize('500M')).toBe(500 * 1024 ** 2)
    expect(parseByteSize('64k')).toBe(64 * 1024)
    expect(parseByteSize('1.5GiB')).toBe(1.5 * 1024 ** 3)
    expect(parseByteSize('1000000')).toBe(1_000_000)
    expect(parseByteSize('0')).toBe(0)
  })

  it('refuses anything else', () => {
    for (const bad of ['', 'G', '-1G', '2X', '1e9', '2 G B', '99999999999T'])
      expect(() => parseByteSize(bad), bad).toThrow()
  })
})
