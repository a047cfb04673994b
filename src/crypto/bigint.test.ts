import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  bigIntToBytes,
  bitLength,
  bytesToBigInt,
  modPow,
  modPowBigInt,
  randomBigIntBelow,
  randomBigIntInRange,
  readInt64LE,
} from './bigint.js'
import { hexToBytes } from './bytes.js'
import { TELEGRAM_DH_PRIME } from './dh.js'

describe('bytes <-> bigint', () => {
  it('round-trips big-endian unsigned values', () => {
    expect(bytesToBigInt(hexToBytes('17ED48941A08F981'))).toBe(0x17ed48941a08f981n)
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n)
    expect(bigIntToBytes(0x494c553bn)).toEqual(hexToBytes('494C553B'))
    expect(bigIntToBytes(0n)).toEqual(Uint8Array.of(0))
    expect(bigIntToBytes(0x0102n, 4)).toEqual(Uint8Array.of(0, 0, 1, 2))
    const raw = new Uint8Array(randomBytes(256))
    raw[0] = 0
    expect(bigIntToBytes(bytesToBigInt(raw), 256)).toEqual(raw)
  })

  it('throws when the value does not fit or is negative', () => {
    expect(() => bigIntToBytes(0x10000n, 2)).toThrow(/BIGINT_TOO_LARGE/)
    expect(() => bigIntToBytes(-1n)).toThrow(/negative/)
  })

  it('reads TL longs', () => {
    expect(readInt64LE(hexToBytes('85FD64DE851D9DD0'))).toBe(-3414540481677951611n)
    expect(readInt64LE(hexToBytes('0100000000000000'))).toBe(1n)
  })

  it('bitLength', () => {
    expect(bitLength(0n)).toBe(0)
    expect(bitLength(1n)).toBe(1)
    expect(bitLength(255n)).toBe(8)
    expect(bitLength(TELEGRAM_DH_PRIME)).toBe(2048)
  })
})

describe('modPow', () => {
  it('agrees with the pure bigint path on 2048-bit values (native fast path)', () => {
    for (let i = 0; i < 6; i++) {
      const base = bytesToBigInt(randomBytes(256)) % TELEGRAM_DH_PRIME
      const exp = bytesToBigInt(randomBytes(256 + i * 8))
      expect(modPow(base, exp, TELEGRAM_DH_PRIME)).toBe(modPowBigInt(base, exp, TELEGRAM_DH_PRIME))
    }
    const oddComposite = bytesToBigInt(randomBytes(128)) | 1n | (1n << 1023n)
    const base = bytesToBigInt(randomBytes(160))
    expect(modPow(base, 65537n, oddComposite)).toBe(modPowBigInt(base % oddComposite, 65537n, oddComposite))
  })

  it('handles small and edge inputs', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n)
    expect(modPow(2n, 0n, 7n)).toBe(1n)
    expect(modPow(5n, 3n, 1n)).toBe(0n)
    expect(modPow(-2n, 3n, 7n)).toBe(6n)
    expect(modPow(TELEGRAM_DH_PRIME - 1n, 2n, TELEGRAM_DH_PRIME)).toBe(1n)
    expect(modPow(3n, 100n, 1n << 64n)).toBe(3n ** 100n % (1n << 64n))
    expect(() => modPow(2n, -1n, 7n)).toThrow(/exponent/)
    expect(() => modPow(2n, 1n, 0n)).toThrow(/modulus/)
  })
})

describe('random bigints', () => {
  it('stay in range', () => {
    for (let i = 0; i < 200; i++) {
      const v = randomBigIntBelow(1000n)
      expect(v >= 0n && v < 1000n).toBe(true)
      const w = randomBigIntInRange(5n, 7n)
      expect(w >= 5n && w <= 7n).toBe(true)
    }
    expect(randomBigIntBelow(1n)).toBe(0n)
    expect(() => randomBigIntBelow(0n)).toThrow()
  })
})
