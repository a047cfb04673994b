import { createDiffieHellman } from 'node:crypto'
import { asUint8Array } from './bytes.js'
import { CryptoError } from './errors.js'
import { type RandomSource, secureRandom } from './random.js'

/** Big-endian unsigned bytes → bigint (empty → 0n). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n
  return BigInt(`0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`)
}

/**
 * bigint → big-endian unsigned bytes, left-padded with zeros to `length` when given
 * (minimal length otherwise; 0n → one zero byte). Throws if it does not fit.
 */
export function bigIntToBytes(v: bigint, length?: number): Uint8Array {
  if (v < 0n) throw new CryptoError('INVALID_ARGUMENT', 'negative bigint cannot be encoded as unsigned bytes')
  let hex = v.toString(16)
  if (hex.length % 2 !== 0) hex = `0${hex}`
  const size = hex.length / 2
  if (length === undefined) return asUint8Array(Buffer.from(hex, 'hex'))
  if (size > length)
    throw new CryptoError('BIGINT_TOO_LARGE', `value needs ${size} bytes, only ${length} allowed`)
  const out = new Uint8Array(length)
  out.set(Buffer.from(hex, 'hex'), length - size)
  return out
}

/** Number of significant bits (0n → 0). */
export function bitLength(v: bigint): number {
  if (v < 0n) v = -v
  return v === 0n ? 0 : v.toString(2).length
}

/** Little-endian signed 64-bit read, as TL's `long` decodes 8 bytes. */
export function readInt64LE(b: Uint8Array, offset = 0): bigint {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readBigInt64LE(offset)
}

function modPowJs(base: bigint, exp: bigint, mod: bigint): bigint {
  // Left-to-right with a fixed 4-bit window: ~bits squarings + bits/4 multiplications.
  const table: bigint[] = [1n, base]
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * base) % mod)
  const hex = exp.toString(16)
  let result = 1n
  for (let i = 0; i < hex.length; i++) {
    if (i > 0) {
      result = (result * result) % mod
      result = (result * result) % mod
      result = (result * result) % mod
      result = (result * result) % mod
    }
    const digit = Number.parseInt(hex[i]!, 16)
    if (digit !== 0) result = (result * table[digit]!) % mod
  }
  return result
}

// OpenSSL's Montgomery exponentiation, reached through node's Diffie-Hellman
// API (pub = g^priv mod p). Node runs DH_check on every new group, which costs
// ~600 ms when p is a real 2048-bit safe prime; working modulo 3·mod (an obvious
// composite, rejected by trial division) skips that, and
// (base^exp mod 3·mod) mod mod = base^exp mod mod. ~5x faster than bigint for
// 2048-bit values; used for odd moduli ≥ 512 bits, falling back on any refusal.
function modPowNative(base: bigint, exp: bigint, mod: bigint): bigint | undefined {
  try {
    const dh = createDiffieHellman(bigIntToBytes(mod * 3n), bigIntToBytes(base))
    dh.setPrivateKey(bigIntToBytes(exp))
    return bytesToBigInt(dh.generateKeys()) % mod
  } catch {
    return undefined
  }
}

/** base^exp mod mod, for exp ≥ 0 and mod ≥ 1. */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod < 1n) throw new CryptoError('INVALID_ARGUMENT', 'modulus must be positive')
  if (exp < 0n) throw new CryptoError('INVALID_ARGUMENT', 'exponent must be non-negative')
  if (mod === 1n) return 0n
  base %= mod
  if (base < 0n) base += mod
  if (exp === 0n) return 1n
  if (base <= 1n) return base
  if ((mod & 1n) === 1n && base < mod - 1n && exp > 1n && bitLength(mod) >= 512) {
    const native = modPowNative(base, exp, mod)
    if (native !== undefined) return native
  }
  return modPowJs(base, exp, mod)
}

/** @internal the pure-bigint path, exported for tests. */
export const modPowBigInt = modPowJs

/** Uniform random bigint in [0, max) by rejection sampling. */
export function randomBigIntBelow(max: bigint, random: RandomSource = secureRandom): bigint {
  if (max <= 0n) throw new CryptoError('INVALID_ARGUMENT', 'max must be positive')
  const bits = bitLength(max - 1n)
  if (bits === 0) return 0n
  const bytes = Math.ceil(bits / 8)
  const mask = (1n << BigInt(bits)) - 1n
  for (;;) {
    const v = bytesToBigInt(random(bytes)) & mask
    if (v < max) return v
  }
}

/** Uniform random bigint in [min, max] (inclusive). */
export function randomBigIntInRange(min: bigint, max: bigint, random: RandomSource = secureRandom): bigint {
  if (max < min) throw new CryptoError('INVALID_ARGUMENT', 'empty range')
  return min + randomBigIntBelow(max - min + 1n, random)
}
