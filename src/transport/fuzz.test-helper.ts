import { seededRandom } from '../crypto/index.js'

/** Seeded random numbers and bytes for the transport fuzz tests. */
export function fuzzRandom(seed: number) {
  const rnd = seededRandom(seed)
  const int = (n: number): number => Math.floor(rnd() * n)
  const bytes = (n: number): Buffer => {
    const b = Buffer.allocUnsafe(n)
    for (let i = 0; i < n; i++) b[i] = int(256)
    return b
  }
  return { rnd, int, bytes }
}
