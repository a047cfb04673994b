import { TgfetchError } from '../errors/index.js'

/** Machine-readable reasons a crypto check or operation failed. */
export type CryptoErrorCode =
  | 'INVALID_ARGUMENT'
  | 'BIGINT_TOO_LARGE'
  | 'IGE_INVALID_LENGTH'
  | 'RSA_KEY_INVALID'
  | 'RSA_DATA_TOO_LONG'
  | 'RSA_DECRYPT_INVALID'
  | 'RSA_PAD_HASH_MISMATCH'
  | 'RSA_LEGACY_HASH_MISMATCH'
  | 'PQ_FACTORIZE_FAILED'
  | 'DH_PRIME_INVALID'
  | 'DH_G_INVALID'
  | 'DH_VALUE_INVALID'
  | 'AUTH_KEY_ID_MISMATCH'
  | 'MSG_KEY_MISMATCH'
  | 'MESSAGE_LENGTH_INVALID'

/** Every failure raised by src/crypto; `code` is stable, `message` is for humans. */
export class CryptoError extends TgfetchError {
  readonly category = 'protocol'
  readonly code: CryptoErrorCode

  constructor(code: CryptoErrorCode, message: string) {
    super(`${code}: ${message}`)
    this.code = code
  }
}
