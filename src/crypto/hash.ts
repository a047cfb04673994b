import { createHash } from 'node:crypto'
import { asUint8Array } from './bytes.js'

function digest(algorithm: 'sha1' | 'sha256', parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash(algorithm)
  for (const part of parts) h.update(part)
  return asUint8Array(h.digest())
}

/** SHA-1 of the concatenation of `parts` (hashed incrementally, no copy). 20 bytes. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return digest('sha1', parts)
}

/** SHA-256 of the concatenation of `parts` (hashed incrementally, no copy). 32 bytes. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return digest('sha256', parts)
}
