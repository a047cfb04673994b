import { describe, expect, it } from 'vitest'
import { bytesToHex, concatBytes } from './bytes.js'
import { sha1, sha256 } from './hash.js'
import { secureRandom } from './random.js'

const abc = new TextEncoder().encode('abc')

describe('hashes', () => {
  it('match the FIPS 180 "abc" vectors', () => {
    expect(bytesToHex(sha1(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
    expect(bytesToHex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('hash the concatenation of their parts', () => {
    const a = secureRandom(100)
    const b = secureRandom(3)
    expect(sha1(a, b)).toEqual(sha1(concatBytes(a, b)))
    expect(sha256(a, new Uint8Array(0), b)).toEqual(sha256(concatBytes(a, b)))
    expect(bytesToHex(sha1())).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709')
  })

  it('return plain Uint8Arrays', () => {
    expect(sha1(abc).constructor).toBe(Uint8Array)
    expect(secureRandom(8).constructor).toBe(Uint8Array)
    expect(secureRandom(8)).toHaveLength(8)
  })
})
