import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAesCtr } from './aes-ctr.js'
import { bytesToHex, concatBytes, hexToBytes } from './bytes.js'
import { seededRandom } from './random.js'

describe('AES-256-CTR', () => {
  it('matches NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt)', () => {
    const key = hexToBytes('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4')
    const iv = hexToBytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff')
    const plain = hexToBytes(
      '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
    )
    const cipher = createAesCtr(key, iv).update(plain)
    expect(bytesToHex(cipher)).toBe(
      '601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6',
    )
  })

  it('is a stream: odd-sized chunks give the same bytes as one call', () => {
    const key = randomBytes(32)
    const iv = randomBytes(16)
    const data = new Uint8Array(randomBytes(1000))
    const whole = createAesCtr(key, iv).update(data)
    const ctr = createAesCtr(key, iv)
    const parts: Uint8Array[] = []
    for (let off = 0, step = 1; off < data.length; off += step, step = (step * 3 + 1) % 37) {
      parts.push(ctr.update(data.subarray(off, Math.min(data.length, off + step))))
    }
    expect(concatBytes(...parts)).toEqual(whole)
    expect(createAesCtr(key, iv).update(whole)).toEqual(data)
    expect(whole.constructor).toBe(Uint8Array)
  })

  it('rejects bad key / iv sizes', () => {
    expect(() => createAesCtr(new Uint8Array(16), new Uint8Array(16))).toThrow(/32 bytes/)
    expect(() => createAesCtr(new Uint8Array(32), new Uint8Array(32))).toThrow(/16 bytes/)
  })
})

describe('AES-256-CTR in place', () => {
  it('matches OpenSSL for any split of the stream, across counter carries', async () => {
    const random = seededRandom(99)
    for (let round = 0; round < 50; round++) {
      const key = randomBytes(32)
      // counters near a 64-bit and a 128-bit carry, and random ones
      const iv =
        round % 3 === 0
          ? Buffer.alloc(16, 0xff)
          : round % 3 === 1
            ? Buffer.concat([randomBytes(8), Buffer.alloc(8, 0xff)])
            : randomBytes(16)
      // later rounds in big pieces too: the native addon's widest path takes 256 bytes at a time
      const big = round >= 25
      const data = randomBytes(Math.floor(random() * (big ? 200_000 : 5000)))
      const expected = createCipheriv('aes-256-ctr', key, iv).update(data)
      const ctr = createAesCtr(key, iv)
      const work = Buffer.from(data)
      for (let at = 0; at < work.length; ) {
        const n = Math.min(work.length - at, 1 + Math.floor(random() * (big ? 70_000 : 300)))
        if (round % 2) ctr.updateInPlace(work.subarray(at, at + n))
        else work.set(ctr.update(work.subarray(at, at + n)), at)
        at += n
      }
      expect(work.equals(expected)).toBe(true)
    }
  })
})
