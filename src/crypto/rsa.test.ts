import { createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createWasmAesIge } from './aes-ige.js'
import { bytesToBigInt, readInt64LE } from './bigint.js'
import { bytesToHex, concatBytes, hexToBytes } from './bytes.js'
import { CryptoError } from './errors.js'
import { sha1, sha256 } from './hash.js'
import type { RandomSource } from './random.js'
import {
  generateRsaKey,
  parseRsaPublicKeyPem,
  rsaFingerprint,
  rsaLegacyDecrypt,
  rsaLegacyEncrypt,
  rsaPadDecrypt,
  rsaPadEncrypt,
  rsaPublicKeyToPem,
  rsaPublicRaw,
  tlBytes,
} from './rsa.js'
import * as S from './samples.test-helper.js'

const key = generateRsaKey()
const other = generateRsaKey()

/** Serves the given bytes first, then secure randomness. */
function scripted(...chunks: Uint8Array[]): RandomSource {
  const queue = [...chunks]
  return (n) => {
    const next = queue.shift()
    if (next === undefined) return crypto.getRandomValues(new Uint8Array(n))
    expect(next.length).toBe(n)
    return next
  }
}

function flipByte(b: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(b)
  copy[index]! ^= 0x01
  return copy
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof CryptoError) return err.code
    throw err
  }
  return undefined
}

describe('RSA keys', () => {
  it("fingerprints Telegram's keys as resPQ lists them", () => {
    const prod = parseRsaPublicKeyPem(S.TELEGRAM_PROD_KEY_PEM)
    const old = parseRsaPublicKeyPem(S.TELEGRAM_OLD_KEY_PEM)
    expect(prod.fingerprint).toBe(S.TELEGRAM_PROD_KEY_FINGERPRINT)
    expect(old.fingerprint).toBe(S.TELEGRAM_OLD_KEY_FINGERPRINT)
    const onWire = S.SAMPLE_FINGERPRINT_BYTES.map((h) => readInt64LE(hexToBytes(h)))
    expect(onWire).toContain(prod.fingerprint)
    expect(onWire).toContain(old.fingerprint)
    expect(prod.e).toBe(65537n)
    expect(prod.n.toString(16)).toHaveLength(512)
  })

  it('parses SPKI ("BEGIN PUBLIC KEY") too, and writes PKCS#1 back', () => {
    const prod = parseRsaPublicKeyPem(S.TELEGRAM_PROD_KEY_PEM)
    const spki = createPublicKey(S.TELEGRAM_PROD_KEY_PEM).export({ type: 'spki', format: 'pem' }).toString()
    expect(spki).toContain('BEGIN PUBLIC KEY')
    expect(parseRsaPublicKeyPem(spki)).toEqual(prod)
    const pem = rsaPublicKeyToPem(prod)
    expect(pem.replace(/\s+/g, '')).toBe(S.TELEGRAM_PROD_KEY_PEM.replace(/\s+/g, ''))
    expect(parseRsaPublicKeyPem(rsaPublicKeyToPem(key))).toEqual({
      n: key.n,
      e: key.e,
      fingerprint: key.fingerprint,
    })
  })

  it('rejects non-RSA or broken PEM', () => {
    expect(
      codeOf(() =>
        parseRsaPublicKeyPem('-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----'),
      ),
    ).toBe('RSA_KEY_INVALID')
  })

  it('generates 2048-bit keys with matching fingerprints', () => {
    expect(key.n.toString(2)).toHaveLength(2048)
    expect(key.fingerprint).toBe(rsaFingerprint(key.n, key.e))
    expect(BigInt.asIntN(64, key.fingerprint)).toBe(key.fingerprint)
  })

  it('TL bytes encoding: short and long forms', () => {
    expect(bytesToHex(tlBytes(hexToBytes('010001')))).toBe('03010001')
    expect(tlBytes(new Uint8Array(4))).toHaveLength(8)
    const long = tlBytes(new Uint8Array(256).fill(7))
    expect(long).toHaveLength(260)
    expect(bytesToHex(long.subarray(0, 4))).toBe('fe000100')
    expect(tlBytes(new Uint8Array(254))).toHaveLength(260)
  })
})

describe('RSA_PAD', () => {
  const data = hexToBytes(S.SAMPLE_PQ_INNER_DATA)
  const padding = hexToBytes(S.SAMPLE_RSA_PAD_RANDOM)

  it("round-trips the sample's p_q_inner_data_dc with the sample's padding", () => {
    expect(data.length + padding.length).toBe(192)
    const encrypted = rsaPadEncrypt(data, key, scripted(padding))
    expect(encrypted).toHaveLength(256)
    expect(rsaPadDecrypt(encrypted, key)).toEqual(concatBytes(data, padding))
  })

  it('uses fresh randomness: same input, different ciphertexts', () => {
    expect(rsaPadEncrypt(data, key)).not.toEqual(rsaPadEncrypt(data, key))
    const encrypted = rsaPadEncrypt(new Uint8Array(144).fill(1), key)
    expect(rsaPadDecrypt(encrypted, key).subarray(0, 144)).toEqual(new Uint8Array(144).fill(1))
  })

  it('follows the auth_key spec step by step, retrying while key_aes_encrypted ≥ n', () => {
    // Independent re-derivation of key_aes_encrypted for a given temp_key.
    const dataWithPadding = concatBytes(data, padding)
    const keyAesEncrypted = (tempKey: Uint8Array): Uint8Array => {
      const reversed = Uint8Array.from(dataWithPadding).reverse()
      const dataWithHash = concatBytes(reversed, sha256(tempKey, dataWithPadding))
      const aesEncrypted = createWasmAesIge(tempKey, new Uint8Array(32)).encrypt(dataWithHash)
      const h = sha256(aesEncrypted)
      return concatBytes(
        tempKey.map((b, i) => b ^ h[i]!),
        aesEncrypted,
      )
    }
    let tooBig: Uint8Array | undefined
    for (let i = 0; i < 100_000 && tooBig === undefined; i++) {
      const candidate = crypto.getRandomValues(new Uint8Array(32))
      if (bytesToBigInt(keyAesEncrypted(candidate)) >= key.n) tooBig = candidate
    }
    expect(tooBig).toBeDefined()
    let good: Uint8Array
    do good = crypto.getRandomValues(new Uint8Array(32))
    while (bytesToBigInt(keyAesEncrypted(good)) >= key.n)

    const random = scripted(padding, tooBig!, good)
    const encrypted = rsaPadEncrypt(data, key, random)
    expect(encrypted).toEqual(rsaPublicRaw(keyAesEncrypted(good), key))
    expect(rsaPadDecrypt(encrypted, key)).toEqual(dataWithPadding)
  })

  it('detects tampering and wrong keys', () => {
    const encrypted = rsaPadEncrypt(data, key)
    for (const index of [0, 100, 255]) {
      expect(['RSA_PAD_HASH_MISMATCH', 'RSA_DECRYPT_INVALID']).toContain(
        codeOf(() => rsaPadDecrypt(flipByte(encrypted, index), key)),
      )
    }
    expect(['RSA_PAD_HASH_MISMATCH', 'RSA_DECRYPT_INVALID']).toContain(
      codeOf(() => rsaPadDecrypt(encrypted, other)),
    )
    expect(codeOf(() => rsaPadDecrypt(new Uint8Array(256).fill(0xff), key))).toBe('RSA_DECRYPT_INVALID')
  })

  it('refuses data over 144 bytes', () => {
    expect(codeOf(() => rsaPadEncrypt(new Uint8Array(145), key))).toBe('RSA_DATA_TOO_LONG')
  })
})

describe('legacy RSA (SHA1 + data + padding)', () => {
  const dataWithHash = hexToBytes(S.LEGACY_DATA_WITH_HASH)
  const data = dataWithHash.subarray(20, 20 + S.LEGACY_PQ_INNER_DATA_LENGTH)
  const padding = dataWithHash.subarray(20 + S.LEGACY_PQ_INNER_DATA_LENGTH)

  it('reproduces the original sample: SHA1(data) and RSA(data_with_hash)', () => {
    expect(sha1(data)).toEqual(dataWithHash.subarray(0, 20))
    const old = parseRsaPublicKeyPem(S.TELEGRAM_OLD_KEY_PEM)
    const encrypted = rsaLegacyEncrypt(data, old, scripted(padding))
    expect(bytesToHex(encrypted).toUpperCase()).toBe(S.LEGACY_ENCRYPTED_DATA)
  })

  it('round-trips and returns exactly the data', () => {
    for (const length of [0, 1, 96, 235]) {
      const payload = crypto.getRandomValues(new Uint8Array(length))
      expect(rsaLegacyDecrypt(rsaLegacyEncrypt(payload, key), key)).toEqual(payload)
    }
  })

  it('detects tampering', () => {
    const encrypted = rsaLegacyEncrypt(data, key)
    expect(['RSA_LEGACY_HASH_MISMATCH', 'RSA_DECRYPT_INVALID']).toContain(
      codeOf(() => rsaLegacyDecrypt(flipByte(encrypted, 200), key)),
    )
    expect(codeOf(() => rsaLegacyEncrypt(new Uint8Array(236), key))).toBe('RSA_DATA_TOO_LONG')
  })
})
