import Long from 'long'
import { describe, expect, it } from 'vitest'
import { bytesToBigInt, factorizePq } from '../../crypto/index.js'
import { clientHandshake, type PlainRpc } from './client-flow.js'
import { HandshakeError } from './errors.js'
import { seededRandom, testRsaKey } from './handshake.test-helper.js'
import { generatePq, isSmallPrime } from './pq.js'

function trialDivision(n: bigint): boolean {
  if (n < 2n) return false
  for (let d = 2n; d * d <= n; d++) if (n % d === 0n) return false
  return true
}

describe('server pq puzzle', () => {
  it('isSmallPrime agrees with trial division', () => {
    for (let n = 0n; n < 20_000n; n++) expect(isSmallPrime(n)).toBe(trialDivision(n))
    for (let n = 2_147_483_000n; n < 2_147_483_648n; n++) expect(isSmallPrime(n)).toBe(trialDivision(n))
    // strong pseudoprimes to some of the bases
    for (const n of [2047n, 1_373_653n, 25_326_001n, 3_215_031_751n - 2n])
      expect(isSmallPrime(n)).toBe(trialDivision(n))
  })

  it('generates two distinct 31-bit primes whose product the client can factor', () => {
    const random = seededRandom('pq')
    for (let i = 0; i < 20; i++) {
      const { pq, p, q } = generatePq(random)
      expect(p < q).toBe(true)
      expect(p >= 1n << 30n && q < 1n << 31n).toBe(true)
      expect(isSmallPrime(p) && isSmallPrime(q)).toBe(true)
      expect(pq.length).toBeLessThanOrEqual(8)
      expect(bytesToBigInt(pq)).toBe(p * q)
      expect(bytesToBigInt(pq) < 1n << 63n).toBe(true)
      expect(factorizePq(bytesToBigInt(pq))).toEqual([p, q])
    }
  })

  it('the client refuses a pq it should not try to factor', async () => {
    const key = testRsaKey()
    for (const pq of [new Uint8Array(9).fill(0x7f), new Uint8Array(0)]) {
      const rpc: PlainRpc = {
        async call(req) {
          const { nonce } = req as unknown as { nonce: Uint8Array }
          return {
            _: 'mt_resPQ',
            nonce,
            serverNonce: new Uint8Array(16),
            pq,
            serverPublicKeyFingerprints: [Long.fromBigInt(key.fingerprint)],
          }
        },
      }
      const error = await clientHandshake(rpc, { dcId: 2, publicKeys: [key] }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HandshakeError)
      expect((error as HandshakeError).code).toBe('BAD_PQ')
    }
  })
})
