import { checkPrimeSync } from 'node:crypto'
import { bitLength } from './bigint.js'
import { CryptoError } from './errors.js'

/** The 2048-bit safe prime Telegram's servers send as `dh_prime` (with g = 3). */
export const TELEGRAM_DH_PRIME = BigInt(
  '0xC71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C3720FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F642477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B',
)

/** Miller–Rabin rounds for each of p and (p-1)/2: error probability ≤ 4^-64. */
const PRIME_CHECK_ROUNDS = 64

// Safe-prime verdicts; checking a 2048-bit safe prime costs ~300 ms.
const safePrimeCache = new Map<bigint, boolean>()

/** True if p and (p-1)/2 are both (probable) primes. Results are cached. */
export function isSafePrime(p: bigint, options: { cache?: boolean } = {}): boolean {
  const useCache = options.cache ?? true
  const cached = useCache ? safePrimeCache.get(p) : undefined
  if (cached !== undefined) return cached
  const verdict =
    p > 4n &&
    checkPrimeSync(p, { checks: PRIME_CHECK_ROUNDS }) &&
    checkPrimeSync((p - 1n) / 2n, { checks: PRIME_CHECK_ROUNDS })
  if (useCache) safePrimeCache.set(p, verdict)
  return verdict
}

// Telegram's prime is fixed and well known: a constant verdict saves ~300 ms per
// handshake (isSafePrime(TELEGRAM_DH_PRIME, { cache: false }) recomputes it).
safePrimeCache.set(TELEGRAM_DH_PRIME, true)

/**
 * Whether g generates the cyclic subgroup of prime order (p-1)/2, i.e. g is a
 * quadratic residue mod p (core.telegram.org/mtproto/auth_key, step 6).
 */
function generatorConditionHolds(p: bigint, g: number): boolean {
  switch (g) {
    case 2:
      return p % 8n === 7n
    case 3:
      return p % 3n === 2n
    case 4:
      return true
    case 5: {
      const r = p % 5n
      return r === 1n || r === 4n
    }
    case 6: {
      const r = p % 24n
      return r === 19n || r === 23n
    }
    case 7: {
      const r = p % 7n
      return r === 3n || r === 5n || r === 6n
    }
    default:
      return false
  }
}

/**
 * The client's checks of `server_DH_inner_data` (dh_prime, g): p is a 2048-bit
 * safe prime, 2 ≤ g ≤ 7, and g satisfies the residue condition for that p.
 */
export function checkDhParams(dhPrime: bigint, g: number): void {
  if (!Number.isInteger(g) || g < 2 || g > 7) {
    throw new CryptoError('DH_G_INVALID', `g=${g} is not in 2..7`)
  }
  if (bitLength(dhPrime) !== 2048) {
    throw new CryptoError('DH_PRIME_INVALID', `dh_prime has ${bitLength(dhPrime)} bits, expected 2048`)
  }
  if (!generatorConditionHolds(dhPrime, g)) {
    throw new CryptoError('DH_G_INVALID', `g=${g} does not generate the prime-order subgroup of dh_prime`)
  }
  if (!isSafePrime(dhPrime)) {
    throw new CryptoError('DH_PRIME_INVALID', 'dh_prime is not a safe prime')
  }
}

const SAFETY_MARGIN = 1n << (2048n - 64n)

/**
 * Checks a DH public value (g_a from the server, g_b from the client, or the
 * auth key candidate g^ab): 1 < gX < p−1 and 2^(2048−64) ≤ gX ≤ p − 2^(2048−64).
 */
export function checkDhPublicValue(gX: bigint, dhPrime: bigint): void {
  if (gX <= 1n || gX >= dhPrime - 1n) {
    throw new CryptoError('DH_VALUE_INVALID', 'DH value is not in (1, dh_prime - 1)')
  }
  if (gX < SAFETY_MARGIN || gX > dhPrime - SAFETY_MARGIN) {
    throw new CryptoError('DH_VALUE_INVALID', 'DH value is not in [2^1984, dh_prime - 2^1984]')
  }
}
