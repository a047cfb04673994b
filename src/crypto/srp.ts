import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint.js'
import { xorBytes } from './bytes.js'
import { sha256 } from './hash.js'

/**
 * The pieces of Telegram's 2FA SRP (core.telegram.org/api/srp) that the
 * server and the client compute alike, for the algorithm
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow.
 */

const pbkdf2Async = promisify(pbkdf2)

/** The group's values are written as 256-byte big-endian numbers. */
export const SRP_NUMBER_BYTES = 256

/** A number of the group as 256 big-endian bytes. */
export function pad256(v: bigint): Uint8Array {
  return bigIntToBytes(v, SRP_NUMBER_BYTES)
}

/** SH(data, salt) = H(salt | data | salt) */
function saltedHash(data: Uint8Array, salt: Uint8Array): Uint8Array {
  return sha256(salt, data, salt)
}

/**
 * PH2(password, salt1, salt2) =
 *   SH(pbkdf2(sha512, SH(SH(password, salt1), salt2), salt1, 100000), salt2)
 */
export async function passwordHash(
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
): Promise<Uint8Array> {
  const ph1 = saltedHash(saltedHash(new TextEncoder().encode(password), salt1), salt2)
  const stretched = await pbkdf2Async(ph1, salt1, 100_000, 64, 'sha512')
  return saltedHash(stretched, salt2)
}

/** v = g^x mod p, with x = PH2(password, salt1, salt2): what the server stores instead of the password. */
export async function passwordVerifier(
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
  g: number,
  p: bigint,
): Promise<bigint> {
  const x = bytesToBigInt(await passwordHash(password, salt1, salt2))
  return modPow(BigInt(g), x, p)
}

/** k = H(p | g) */
export function multiplier(g: number, p: bigint): bigint {
  return bytesToBigInt(sha256(pad256(p), pad256(BigInt(g))))
}

/** u = H(g_a | g_b) */
export function scramble(gA: Uint8Array, gB: Uint8Array): bigint {
  return bytesToBigInt(sha256(gA, gB))
}

/** M1 = H(H(p) xor H(g) | H(salt1) | H(salt2) | g_a | g_b | K) */
export function proof(
  p: bigint,
  g: number,
  salt1: Uint8Array,
  salt2: Uint8Array,
  gA: Uint8Array,
  gB: Uint8Array,
  sessionKey: Uint8Array,
): Uint8Array {
  const hpg = xorBytes(sha256(pad256(p)), sha256(pad256(BigInt(g))))
  return sha256(hpg, sha256(salt1), sha256(salt2), gA, gB, sessionKey)
}
