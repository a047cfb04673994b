// The pre-RSA_PAD encryption of p_q_inner_data, still found in old clients and
// in the original auth key sample: RSA(SHA1(data) + data + padding), 255 bytes.
import { bytesEqual, concatBytes } from './bytes.js'
import { CryptoError } from './errors.js'
import { sha1 } from './hash.js'
import { type RandomSource, secureRandom } from './random.js'
import { type RsaPrivateKey, type RsaPublicKey, rsaPrivateRaw, rsaPublicRaw } from './rsa-key.js'

const BLOCK = 255
/** Largest `data` the legacy scheme accepts (255 - 20 bytes of SHA1). */
export const RSA_LEGACY_MAX_DATA = BLOCK - 20

/** RSA(SHA1(data) + data + random padding to 255 bytes): 256 bytes for a 2048-bit key. */
export function rsaLegacyEncrypt(
  data: Uint8Array,
  key: RsaPublicKey,
  random: RandomSource = secureRandom,
): Uint8Array {
  if (data.length > RSA_LEGACY_MAX_DATA) {
    throw new CryptoError(
      'RSA_DATA_TOO_LONG',
      `legacy RSA data is ${data.length} bytes, at most ${RSA_LEGACY_MAX_DATA}`,
    )
  }
  return rsaPublicRaw(concatBytes(sha1(data), data, random(BLOCK - 20 - data.length)), key)
}

/**
 * Undoes rsaLegacyEncrypt and returns `data` without its padding: the longest
 * prefix of the data area whose SHA1 matches the leading hash.
 */
export function rsaLegacyDecrypt(encrypted: Uint8Array, key: RsaPrivateKey): Uint8Array {
  const block = rsaPrivateRaw(encrypted, key)
  const extra = block.length - BLOCK
  if (extra < 0 || block.subarray(0, extra).some((b) => b !== 0)) {
    throw new CryptoError('RSA_DECRYPT_INVALID', 'legacy RSA plaintext is not a 255-byte block')
  }
  const hash = block.subarray(extra, extra + 20)
  const area = block.subarray(extra + 20)
  for (let length = area.length; length >= 0; length--) {
    const candidate = area.subarray(0, length)
    if (bytesEqual(sha1(candidate), hash)) return Uint8Array.from(candidate)
  }
  throw new CryptoError('RSA_LEGACY_HASH_MISMATCH', 'no prefix of the legacy RSA data matches its SHA1')
}
