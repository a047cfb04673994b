import { CryptoError } from './errors.js'

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v
}

// Pollard's rho with Brent's cycle detection and batched gcds.
function brent(n: bigint, c: bigint, y0: bigint): bigint {
  const batch = 128
  let y = y0
  let x = y0
  let ys = y0
  let q = 1n
  let g = 1n
  let r = 1
  while (g === 1n) {
    x = y
    for (let i = 0; i < r; i++) y = (y * y + c) % n
    for (let k = 0; k < r && g === 1n; k += batch) {
      ys = y
      const steps = Math.min(batch, r - k)
      for (let i = 0; i < steps; i++) {
        y = (y * y + c) % n
        q = (q * abs(x - y)) % n
      }
      g = gcd(q, n)
    }
    r *= 2
  }
  if (g === n) {
    // The batch overshot: redo it one step at a time.
    do {
      ys = (ys * ys + c) % n
      g = gcd(abs(x - ys), n)
    } while (g === 1n)
  }
  return g
}

/**
 * Splits MTProto's `pq` (a product of two distinct primes, normally < 2^63) into
 * [p, q] with p < q.
 */
export function factorizePq(pq: bigint): [bigint, bigint] {
  if (pq < 4n) throw new CryptoError('PQ_FACTORIZE_FAILED', `pq=${pq} has no non-trivial factors`)
  if ((pq & 1n) === 0n) return [2n, pq / 2n]
  // Deterministic parameter sequence: results are reproducible.
  for (let attempt = 1n; attempt <= 32n; attempt++) {
    const d = brent(pq, attempt, 2n + attempt)
    if (d !== 1n && d !== pq) {
      const other = pq / d
      return d < other ? [d, other] : [other, d]
    }
  }
  throw new CryptoError('PQ_FACTORIZE_FAILED', `could not factor pq=${pq} (is it prime?)`)
}
