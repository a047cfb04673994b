import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { crc32, crc32Table } from './crc32.js'

describe('crc32', () => {
  it('matches the standard check value', () => {
    const check = Buffer.from('123456789')
    expect(crc32(check)).toBe(0xcbf43926)
    expect(crc32Table(check)).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
  })

  it('table and native implementations agree, also incrementally', () => {
    for (let i = 0; i < 50; i++) {
      const a = randomBytes(i * 37)
      const b = randomBytes(i * 11)
      expect(crc32Table(a)).toBe(crc32(a))
      expect(crc32Table(b, crc32Table(a))).toBe(crc32(Buffer.concat([a, b])))
    }
  })
})
