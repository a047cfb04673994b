import { randomBytes } from 'node:crypto'
import { asUint8Array } from './bytes.js'

/** Returns `n` random bytes. Injected where tests need deterministic values. */
export type RandomSource = (n: number) => Uint8Array

/** Cryptographically secure randomness from node:crypto. */
export const secureRandom: RandomSource = (n) => asUint8Array(randomBytes(n))

/**
 * A small deterministic PRNG (mulberry32) returning numbers in [0, 1): for
 * seeded worlds and fuzz tests whose failures must reproduce. Never for keys.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
