// Key derivations of MTProto 2.0 (core.telegram.org/mtproto/description) and of
// the auth key exchange (core.telegram.org/mtproto/auth_key).
import { concatBytes } from './bytes.js'
import { CryptoError } from './errors.js'
import { sha1, sha256 } from './hash.js'

/** 0 for messages from the client to the server, 8 for server → client. */
export type KdfX = 0 | 8

export interface AesKeyIv {
  key: Uint8Array
  iv: Uint8Array
}

function requireLength(name: string, b: Uint8Array, length: number): void {
  if (b.length !== length) {
    throw new CryptoError('INVALID_ARGUMENT', `${name} must be ${length} bytes, got ${b.length}`)
  }
}

/** auth_key_id: the 64 lower-order bits (last 8 bytes) of SHA1(auth_key). */
export function authKeyId(authKey: Uint8Array): Uint8Array {
  requireLength('auth_key', authKey, 256)
  return sha1(authKey).subarray(12, 20)
}

/** The 32 bytes of auth_key hashed before the plaintext into msg_key: substr(auth_key, 88+x, 32). */
export function msgKeyPrefix(authKey: Uint8Array, x: KdfX): Uint8Array {
  requireLength('auth_key', authKey, 256)
  return authKey.subarray(88 + x, 120 + x)
}

/** msg_key = bytes 8..24 of msg_key_large = SHA256(substr(auth_key, 88+x, 32) + plaintext_with_padding). */
export function computeMsgKey(authKey: Uint8Array, plaintextWithPadding: Uint8Array, x: KdfX): Uint8Array {
  return msgKeyOf(sha256(msgKeyPrefix(authKey, x), plaintextWithPadding))
}

/** msg_key from msg_key_large: its middle 16 bytes. */
export function msgKeyOf(msgKeyLarge: Uint8Array): Uint8Array {
  return msgKeyLarge.subarray(8, 24)
}

/** aes_key / aes_iv of an encrypted message, from auth_key and msg_key. */
export function deriveAesKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: KdfX): AesKeyIv {
  requireLength('auth_key', authKey, 256)
  requireLength('msg_key', msgKey, 16)
  const a = sha256(msgKey, authKey.subarray(x, x + 36))
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey)
  const key = new Uint8Array(32)
  key.set(a.subarray(0, 8), 0)
  key.set(b.subarray(8, 24), 8)
  key.set(a.subarray(24, 32), 24)
  const iv = new Uint8Array(32)
  iv.set(b.subarray(0, 8), 0)
  iv.set(a.subarray(8, 24), 8)
  iv.set(b.subarray(24, 32), 24)
  return { key, iv }
}

/** tmp_aes_key / tmp_aes_iv protecting server_DH_inner_data and client_DH_inner_data. */
export function handshakeAesKeyIv(serverNonce: Uint8Array, newNonce: Uint8Array): AesKeyIv {
  requireLength('server_nonce', serverNonce, 16)
  requireLength('new_nonce', newNonce, 32)
  const newServer = sha1(newNonce, serverNonce)
  const serverNew = sha1(serverNonce, newNonce)
  const newNew = sha1(newNonce, newNonce)
  return {
    key: concatBytes(newServer, serverNew.subarray(0, 12)),
    iv: concatBytes(serverNew.subarray(12, 20), newNew, newNonce.subarray(0, 4)),
  }
}

/**
 * new_nonce_hash1/2/3 of dh_gen_ok/retry/fail: the 128 lower-order bits of
 * SHA1(new_nonce + [n] + auth_key_aux_hash), auth_key_aux_hash being the 64
 * higher-order bits of SHA1(auth_key).
 */
export function newNonceHash(newNonce: Uint8Array, authKey: Uint8Array, n: 1 | 2 | 3): Uint8Array {
  requireLength('new_nonce', newNonce, 32)
  requireLength('auth_key', authKey, 256)
  const auxHash = sha1(authKey).subarray(0, 8)
  return sha1(newNonce, Uint8Array.of(n), auxHash).subarray(4, 20)
}

/** The first server_salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8). */
export function initialServerSalt(newNonce: Uint8Array, serverNonce: Uint8Array): Uint8Array {
  requireLength('new_nonce', newNonce, 32)
  requireLength('server_nonce', serverNonce, 16)
  const salt = new Uint8Array(8)
  for (let i = 0; i < 8; i++) salt[i] = newNonce[i]! ^ serverNonce[i]!
  return salt
}
