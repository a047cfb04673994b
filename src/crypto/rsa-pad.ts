// RSA_PAD, the encryption of p_q_inner_data in req_DH_params
// (core.telegram.org/mtproto/auth_key, step 4.1).
import { igeDecrypt, igeEncrypt } from './aes-ige.js'
import { bytesToBigInt } from './bigint.js'
import { bytesEqual, concatBytes, xorBytes } from './bytes.js'
import { CryptoError } from './errors.js'
import { sha256 } from './hash.js'
import { type RandomSource, secureRandom } from './random.js'
import {
  type RsaPrivateKey,
  type RsaPublicKey,
  rsaModulusBytes,
  rsaPrivateRaw,
  rsaPublicRaw,
} from './rsa-key.js'

/** Largest `data` RSA_PAD accepts. */
export const RSA_PAD_MAX_DATA = 144
/** Length of data_with_padding. */
export const RSA_PAD_PADDED_LENGTH = 192

const ZERO_IV = new Uint8Array(32)

function reversed(b: Uint8Array): Uint8Array {
  return Uint8Array.from(b).reverse()
}

function requireTelegramSizedKey(key: RsaPublicKey): void {
  if (rsaModulusBytes(key) !== 256) {
    throw new CryptoError('RSA_KEY_INVALID', 'RSA_PAD needs a 2048-bit RSA key')
  }
}

/**
 * RSA_PAD(data, key): 256 bytes of encrypted_data. Consumes `random` as
 * padding (192 - data.length bytes) first, then 32 bytes of temp_key per try.
 */
export function rsaPadEncrypt(
  data: Uint8Array,
  key: RsaPublicKey,
  random: RandomSource = secureRandom,
): Uint8Array {
  if (data.length > RSA_PAD_MAX_DATA) {
    throw new CryptoError(
      'RSA_DATA_TOO_LONG',
      `RSA_PAD data is ${data.length} bytes, at most ${RSA_PAD_MAX_DATA}`,
    )
  }
  requireTelegramSizedKey(key)
  const dataWithPadding = concatBytes(data, random(RSA_PAD_PADDED_LENGTH - data.length))
  const dataPadReversed = reversed(dataWithPadding)
  for (;;) {
    const tempKey = random(32)
    const dataWithHash = concatBytes(dataPadReversed, sha256(tempKey, dataWithPadding))
    const aesEncrypted = igeEncrypt(dataWithHash, tempKey, ZERO_IV)
    const tempKeyXor = xorBytes(tempKey, sha256(aesEncrypted))
    const keyAesEncrypted = concatBytes(tempKeyXor, aesEncrypted)
    if (bytesToBigInt(keyAesEncrypted) < key.n) return rsaPublicRaw(keyAesEncrypted, key)
  }
}

/**
 * The server's side of RSA_PAD: returns the 192-byte data_with_padding (the TL
 * object starts at byte 0) after checking the SHA-256 inside.
 */
export function rsaPadDecrypt(encrypted: Uint8Array, key: RsaPrivateKey): Uint8Array {
  requireTelegramSizedKey(key)
  if (encrypted.length !== 256) {
    throw new CryptoError(
      'RSA_DECRYPT_INVALID',
      `RSA_PAD ciphertext must be 256 bytes, got ${encrypted.length}`,
    )
  }
  const keyAesEncrypted = rsaPrivateRaw(encrypted, key)
  const aesEncrypted = keyAesEncrypted.subarray(32)
  const tempKey = xorBytes(keyAesEncrypted.subarray(0, 32), sha256(aesEncrypted))
  const dataWithHash = igeDecrypt(aesEncrypted, tempKey, ZERO_IV)
  const dataWithPadding = reversed(dataWithHash.subarray(0, RSA_PAD_PADDED_LENGTH))
  const hash = dataWithHash.subarray(RSA_PAD_PADDED_LENGTH)
  if (!bytesEqual(hash, sha256(tempKey, dataWithPadding))) {
    throw new CryptoError('RSA_PAD_HASH_MISMATCH', 'SHA-256 inside RSA_PAD does not match')
  }
  return dataWithPadding
}
