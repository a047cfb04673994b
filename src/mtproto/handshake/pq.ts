import { bigIntToBytes, bytesToBigInt, modPow, type RandomSource } from '../../crypto/index.js'

/** Miller-Rabin with bases 2, 3, 5, 7: deterministic for n < 3,215,031,751 (all 31-bit n). */
export function isSmallPrime(n: bigint): boolean {
  if (n < 2n) return false
  for (const p of [2n, 3n, 5n, 7n]) {
    if (n === p) return true
    if (n % p === 0n) return false
  }
  if (n >= 3_215_031_751n) throw new RangeError('isSmallPrime: n too large')
  let d = n - 1n
  let s = 0
  while ((d & 1n) === 0n) {
    d >>= 1n
    s++
  }
  witnesses: for (const a of [2n, 3n, 5n, 7n]) {
    let x = modPow(a, d, n)
    if (x === 1n || x === n - 1n) continue
    for (let i = 1; i < s; i++) {
      x = (x * x) % n
      if (x === n - 1n) continue witnesses
    }
    return false
  }
  return true
}

/** A random prime in [2^30, 2^31). */
export function randomPrime31(random: RandomSource): bigint {
  for (;;) {
    const candidate = (bytesToBigInt(random(4)) & 0x3fffffffn) | 0x40000001n
    if (isSmallPrime(candidate)) return candidate
  }
}

/** The server's proof-of-work puzzle: pq = p·q of two distinct 31-bit primes (so pq < 2^62), p < q. */
export function generatePq(random: RandomSource): { pq: Uint8Array; p: bigint; q: bigint } {
  for (;;) {
    const a = randomPrime31(random)
    const b = randomPrime31(random)
    if (a === b) continue
    const [p, q] = a < b ? [a, b] : [b, a]
    return { pq: bigIntToBytes(p * q), p, q }
  }
}
