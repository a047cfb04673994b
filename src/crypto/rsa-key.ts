import { createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import { bigIntToBytes, bytesToBigInt, modPow, readInt64LE } from './bigint.js'
import { CryptoError } from './errors.js'
import { sha1 } from './hash.js'

export interface RsaPublicKey {
  n: bigint
  e: bigint
  /** Lower 64 bits of SHA1(rsa_public_key n:bytes e:bytes), signed, as TL `long` reads it. */
  fingerprint: bigint
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint
}

/** TL `bytes` encoding (length prefix + data + zero padding to 4 bytes). */
export function tlBytes(data: Uint8Array): Uint8Array {
  const header = data.length < 254 ? 1 : 4
  const total = Math.ceil((header + data.length) / 4) * 4
  const out = new Uint8Array(total)
  if (header === 1) {
    out[0] = data.length
  } else {
    out[0] = 0xfe
    out[1] = data.length & 0xff
    out[2] = (data.length >> 8) & 0xff
    out[3] = (data.length >> 16) & 0xff
  }
  out.set(data, header)
  return out
}

/** Telegram's fingerprint of an RSA public key (as sent in resPQ / req_DH_params). */
export function rsaFingerprint(n: bigint, e: bigint): bigint {
  const digest = sha1(tlBytes(bigIntToBytes(n)), tlBytes(bigIntToBytes(e)))
  return readInt64LE(digest, 12)
}

function jwkBigInt(jwk: JsonWebKey, field: 'n' | 'e' | 'd'): bigint {
  const v = jwk[field]
  if (typeof v !== 'string') throw new CryptoError('RSA_KEY_INVALID', `RSA key has no "${field}"`)
  return bytesToBigInt(Buffer.from(v, 'base64url'))
}

function toBase64Url(v: bigint): string {
  return Buffer.from(bigIntToBytes(v)).toString('base64url')
}

/** Parses a PEM RSA public key: PKCS#1 ("BEGIN RSA PUBLIC KEY") or SPKI ("BEGIN PUBLIC KEY"). */
export function parseRsaPublicKeyPem(pem: string): RsaPublicKey {
  let jwk: JsonWebKey
  try {
    const key = createPublicKey(pem.trim())
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key: ${key.asymmetricKeyType}`)
    jwk = key.export({ format: 'jwk' })
  } catch (err) {
    throw new CryptoError('RSA_KEY_INVALID', err instanceof Error ? err.message : String(err))
  }
  const n = jwkBigInt(jwk, 'n')
  const e = jwkBigInt(jwk, 'e')
  return { n, e, fingerprint: rsaFingerprint(n, e) }
}

/** PKCS#1 PEM ("BEGIN RSA PUBLIC KEY"), the format Telegram publishes its keys in. */
export function rsaPublicKeyToPem(key: Pick<RsaPublicKey, 'n' | 'e'>): string {
  const jwk: JsonWebKey = { kty: 'RSA', n: toBase64Url(key.n), e: toBase64Url(key.e) }
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' }).toString()
}

/** A fresh RSA key pair (for a server or testkit), e = 65537. */
export function generateRsaKey(bits = 2048): RsaPrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 })
  const jwk = privateKey.export({ format: 'jwk' })
  const n = jwkBigInt(jwk, 'n')
  const e = jwkBigInt(jwk, 'e')
  return { n, e, d: jwkBigInt(jwk, 'd'), fingerprint: rsaFingerprint(n, e) }
}

/** Modulus size in bytes (256 for Telegram's 2048-bit keys). */
export function rsaModulusBytes(key: Pick<RsaPublicKey, 'n'>): number {
  return Math.ceil(key.n.toString(16).length / 2)
}

/** Textbook RSA: m^e mod n, as a big-endian block of the modulus size. */
export function rsaPublicRaw(m: Uint8Array, key: RsaPublicKey): Uint8Array {
  const v = bytesToBigInt(m)
  if (v >= key.n) throw new CryptoError('RSA_DATA_TOO_LONG', 'RSA input is not below the modulus')
  return bigIntToBytes(modPow(v, key.e, key.n), rsaModulusBytes(key))
}

/** Textbook RSA: c^d mod n, as a big-endian block of the modulus size. */
export function rsaPrivateRaw(c: Uint8Array, key: RsaPrivateKey): Uint8Array {
  const v = bytesToBigInt(c)
  if (v >= key.n) throw new CryptoError('RSA_DECRYPT_INVALID', 'RSA ciphertext is not below the modulus')
  return bigIntToBytes(modPow(v, key.d, key.n), rsaModulusBytes(key))
}
