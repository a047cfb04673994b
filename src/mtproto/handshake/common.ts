import Long from 'long'
import {
  bytesEqual,
  bytesToBigInt,
  CryptoError,
  checkDhPublicValue,
  concatBytes,
  modPow,
  type RandomSource,
  sha1,
} from '../../crypto/index.js'
import { objectReaders, readGuarded, SafeTlReader, TlDecodeError } from '../../tl/index.js'
import { HandshakeError } from './errors.js'

/** A TL object as the readers return it; fields are checked before use. */
export type TlRecord = { _: string } & Record<string, unknown>

/** The `dc` field of p_q_inner_data_(temp_)dc: +10000 on test DCs, negative for media-only DCs. */
export function innerDataDc(dcId: number, testMode = false, mediaOnly = false): number {
  const dc = testMode ? dcId + 10000 : dcId
  return mediaOnly ? -dc : dc
}

/** Narrows an untrusted reply/request to the constructor named `name`, or throws. */
export function expectObject(value: unknown, ...names: string[]): TlRecord {
  if (typeof value !== 'object' || value === null || typeof (value as { _?: unknown })._ !== 'string') {
    throw new HandshakeError('UNEXPECTED_OBJECT', 'not a TL object')
  }
  const obj = value as TlRecord
  if (!names.includes(obj._)) {
    throw new HandshakeError('UNEXPECTED_OBJECT', `got ${obj._}, expected ${names.join(' | ')}`)
  }
  return obj
}

/** A bytes field (optionally of an exact length), or a HandshakeError with `code`. */
export function bytesField(obj: TlRecord, field: string, length?: number, code = 'BAD_FIELD'): Uint8Array {
  const v = obj[field]
  if (!(v instanceof Uint8Array) || (length !== undefined && v.length !== length)) {
    throw new HandshakeError(code, `${obj._}.${field} is not ${length ?? 'some'} bytes`)
  }
  return v
}

export function intField(obj: TlRecord, field: string): number {
  const v = obj[field]
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new HandshakeError('BAD_FIELD', `${obj._}.${field}`)
  return v
}

export function longField(obj: TlRecord, field: string): Long {
  const v = obj[field]
  if (!Long.isLong(v)) throw new HandshakeError('BAD_FIELD', `${obj._}.${field} is not a long`)
  return v as Long
}

/** Checks the (nonce, server_nonce) pair echoed in a message. */
export function checkNonces(obj: TlRecord, nonce: Uint8Array, serverNonce?: Uint8Array): void {
  if (!bytesEqual(bytesField(obj, 'nonce', 16, 'NONCE_MISMATCH'), nonce)) {
    throw new HandshakeError('NONCE_MISMATCH', `${obj._}.nonce`)
  }
  if (serverNonce && !bytesEqual(bytesField(obj, 'serverNonce', 16, 'NONCE_MISMATCH'), serverNonce)) {
    throw new HandshakeError('NONCE_MISMATCH', `${obj._}.server_nonce`)
  }
}

/** 8 bytes as a TL long, little-endian (auth key ids, salts, retry ids). */
export function longFromBytes(b: Uint8Array): Long {
  return Long.fromBytesLE(Array.from(b.subarray(0, 8)))
}

export function longToBytes(v: Long): Uint8Array {
  return Uint8Array.from(v.toBytesLE())
}

/** auth_key_aux_hash (the 64 higher-order bits of SHA1(auth_key)) as the retry_id long. */
export function retryIdOf(authKey: Uint8Array): Long {
  return longFromBytes(sha1(authKey).subarray(0, 8))
}

/** SHA1(data) + data + 0-15 random bytes, a multiple of 16 long (steps 6 and 7). */
export function withHashAndPadding(data: Uint8Array, random: RandomSource): Uint8Array {
  const length = 20 + data.length
  const padding = (16 - (length % 16)) % 16
  return concatBytes(sha1(data), data, random(padding))
}

/**
 * Reverses {@link withHashAndPadding}: reads one `expected` object after the
 * 20-byte hash, checks the hash and that at most 15 padding bytes follow.
 */
export function readHashedObject(plain: Uint8Array, expected: string): TlRecord {
  if (plain.length < 24 || plain.length % 16 !== 0) {
    throw new HandshakeError('BAD_ANSWER_HASH', `decrypted ${plain.length} bytes`)
  }
  const { obj, end } = readObjectAt(plain, 20, 'BAD_ANSWER_HASH')
  if (plain.length - end > 15 || !bytesEqual(sha1(plain.subarray(20, end)), plain.subarray(0, 20))) {
    throw new HandshakeError('BAD_ANSWER_HASH', `SHA1 of ${expected} does not match`)
  }
  return expectObject(obj, expected)
}

/** Reads one boxed object at `start` (trailing bytes allowed); undecodable → HandshakeError(`code`). */
export function readObjectAt(data: Uint8Array, start: number, code: string): { obj: unknown; end: number } {
  const reader = SafeTlReader.from(objectReaders, data, start)
  try {
    const obj = readGuarded(reader, () => reader.object())
    return { obj, end: reader.pos }
  } catch (e) {
    if (e instanceof TlDecodeError) throw new HandshakeError(code, 'undecodable TL', { cause: e })
    throw e
  }
}

/** Runs a crypto check, reporting its failure as a HandshakeError with `code`. */
export function guardCrypto<T>(code: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (e instanceof CryptoError) throw new HandshakeError(code, e.message, { cause: e })
    throw e
  }
}

/** A random 2048-bit secret x with g^x mod dh_prime inside the safe range (a miss is redrawn). */
export function pickDhExponent(g: number, dhPrime: bigint, random: RandomSource): { x: bigint; gX: bigint } {
  for (let i = 0; i < 16; i++) {
    const x = bytesToBigInt(random(256))
    const gX = modPow(BigInt(g), x, dhPrime)
    try {
      checkDhPublicValue(gX, dhPrime)
      return { x, gX }
    } catch {
      // out of [2^1984, dh_prime - 2^1984]: draw again
    }
  }
  throw new HandshakeError('BAD_DH_PARAMS', 'no DH secret with g^x in range')
}
