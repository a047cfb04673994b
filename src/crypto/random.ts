import { randomBytes } from 'node:crypto'
import { asUint8Array } from './bytes.js'

/** Returns `n` random bytes. Injected where tests need deterministic values. */
export type RandomSource = (n: number) => Uint8Array

/** Cryptographically secure randomness from node:crypto. */
export const secureRandom: RandomSource = (n) => asUint8Array(randomBytes(n))
