import { generatePrimeSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bytesToBigInt, modPow } from './bigint.js'
import { hexToBytes } from './bytes.js'
import { checkDhParams, checkDhPublicValue, isSafePrime, TELEGRAM_DH_PRIME } from './dh.js'
import { CryptoError } from './errors.js'
import * as S from './samples.test-helper.js'

const P = TELEGRAM_DH_PRIME
const MODP_2048 = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF',
)
const OAKLEY_1024 = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF',
)
const big = (hex: string) => bytesToBigInt(hexToBytes(hex))

function codeOf(fn: () => void): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof CryptoError) return err.code
    throw err
  }
  return undefined
}

describe('DH parameters', () => {
  it('TELEGRAM_DH_PRIME is the dh_prime of the auth key sample, and really is a safe prime', () => {
    expect(P).toBe(big(S.SAMPLE_DH_PRIME))
    expect(isSafePrime(P, { cache: false })).toBe(true)
  })

  it("accept Telegram's prime with the sample's g = 3 (and every g whose condition holds)", () => {
    expect(() => checkDhParams(P, S.SAMPLE_G)).not.toThrow()
    expect(() => checkDhParams(P, 4)).not.toThrow()
    const expected: Record<number, boolean> = {
      2: P % 8n === 7n,
      5: [1n, 4n].includes(P % 5n),
      6: [19n, 23n].includes(P % 24n),
      7: [3n, 5n, 6n].includes(P % 7n),
    }
    for (const [g, ok] of Object.entries(expected)) {
      expect(codeOf(() => checkDhParams(P, Number(g)))).toBe(ok ? undefined : 'DH_G_INVALID')
    }
  })

  it('reject g out of 2..7', () => {
    for (const g of [0, 1, 8, 256, 2.5, -3]) expect(codeOf(() => checkDhParams(P, g))).toBe('DH_G_INVALID')
  })

  it('reject a 2048-bit prime that is not a safe prime', () => {
    let p: bigint
    do p = generatePrimeSync(2048, { bigint: true })
    while (p % 3n !== 2n || isSafePrime(p))
    expect(codeOf(() => checkDhParams(p, 3))).toBe('DH_PRIME_INVALID')
  })

  it('accept another 2048-bit safe prime (RFC 3526 group 14, g = 2), checked from scratch', () => {
    expect(MODP_2048 % 8n).toBe(7n)
    expect(() => checkDhParams(MODP_2048, 2)).not.toThrow()
  })

  it('reject composites and safe primes of the wrong size', () => {
    expect(codeOf(() => checkDhParams(P + 6n, 3))).toBe('DH_PRIME_INVALID') // odd composite, P + 6 ≡ 2 (mod 3)
    expect(isSafePrime(OAKLEY_1024)).toBe(true)
    expect(codeOf(() => checkDhParams(OAKLEY_1024, 2))).toBe('DH_PRIME_INVALID')
    expect(codeOf(() => checkDhParams(P << 1n, 4))).toBe('DH_PRIME_INVALID')
  })
})

describe('DH public values', () => {
  it("accept the sample's g_a and g_b, and reproduce g_b and auth_key from b", () => {
    const gA = big(S.SAMPLE_G_A)
    const b = big(S.SAMPLE_B)
    const gB = modPow(BigInt(S.SAMPLE_G), b, P)
    expect(gB).toBe(big(S.SAMPLE_G_B))
    checkDhPublicValue(gA, P)
    checkDhPublicValue(gB, P)
    const authKey = modPow(gA, b, P)
    expect(authKey).toBe(big(S.SAMPLE_AUTH_KEY))
    checkDhPublicValue(authKey, P)
  })

  it('reject values outside (1, p-1) and outside [2^1984, p - 2^1984]', () => {
    const margin = 1n << 1984n
    for (const v of [0n, 1n, 2n, P - 1n, P, P + 5n, margin - 1n, P - margin + 1n]) {
      expect(codeOf(() => checkDhPublicValue(v, P))).toBe('DH_VALUE_INVALID')
    }
    for (const v of [margin, P - margin]) expect(codeOf(() => checkDhPublicValue(v, P))).toBeUndefined()
  })
})
