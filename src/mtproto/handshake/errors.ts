import { TgfetchError } from '../../errors/index.js'

/**
 * Why a key exchange (or a temp key binding) was refused. `code` is stable:
 * handshake codes such as 'NONCE_MISMATCH', 'NO_KNOWN_KEY', 'DH_GEN_FAIL',
 * 'BAD_ANSWER_HASH', 'RETRIES_EXHAUSTED', or, for auth.bindTempAuthKey,
 * Telegram's own error strings ('ENCRYPTED_MESSAGE_INVALID', ...).
 */
export class HandshakeError extends TgfetchError {
  readonly category = 'protocol'

  constructor(
    readonly code: string,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ? `${code}: ${message}` : code, options)
  }
}
