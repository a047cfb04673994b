// MTProto 2.0 encrypted messages, for both roles:
//   packet = auth_key_id (8) + msg_key (16) + AES-256-IGE(plaintext + padding)
import { igeDecrypt, igeDecryptSha256, igeEncrypt } from './aes-ige.js'
import { bytesEqual } from './bytes.js'
import { CryptoError } from './errors.js'
import { authKeyId, computeMsgKey, deriveAesKeyIv, type KdfX, msgKeyOf, msgKeyPrefix } from './mtproto-kdf.js'
import { type RandomSource, secureRandom } from './random.js'

export type Side = 'client' | 'server'

/** Bytes before the encrypted data: auth_key_id + msg_key. */
export const MESSAGE_HEADER_LENGTH = 24
export const MIN_PADDING = 12
export const MAX_PADDING = 1024

/** x of the KDF for messages sent by `sender`. */
function xFor(sender: Side): KdfX {
  return sender === 'client' ? 0 : 8
}

/**
 * Padding length for a plaintext: the minimum (12..27) that makes the total a
 * multiple of 16, plus 0..3 random extra blocks against length analysis.
 */
function paddingLength(plaintextLength: number, random: RandomSource): number {
  const minimal = MIN_PADDING + ((16 - ((plaintextLength + MIN_PADDING) % 16)) % 16)
  return minimal + 16 * (random(1)[0]! & 3)
}

/**
 * Encrypts `plaintext` (salt + session_id + msg_id + seq_no + length + body,
 * unpadded; given whole or in parts to be joined) as sent by `side`. One
 * allocation and one copy of the plaintext: the packet itself.
 */
export function encryptMessage(
  authKey: Uint8Array,
  side: Side,
  plaintext: Uint8Array | readonly Uint8Array[],
  random: RandomSource = secureRandom,
): Uint8Array {
  const x = xFor(side)
  const parts = plaintext instanceof Uint8Array ? [plaintext] : plaintext
  let length = 0
  for (const part of parts) length += part.length
  const padding = paddingLength(length, random)
  const packet = new Uint8Array(MESSAGE_HEADER_LENGTH + length + padding)
  const body = packet.subarray(MESSAGE_HEADER_LENGTH)
  let at = 0
  for (const part of parts) {
    body.set(part, at)
    at += part.length
  }
  body.set(random(padding), length)
  const msgKey = computeMsgKey(authKey, body, x)
  packet.set(authKeyId(authKey), 0)
  packet.set(msgKey, 8)
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, x)
  igeEncrypt(body, key, iv, body)
  return packet
}

/**
 * Decrypts a packet received by `side` and returns the plaintext including its
 * padding, after checking auth_key_id and msg_key. The caller checks
 * message_data_length against the padding rules (12..1024 bytes).
 */
export function decryptMessage(
  authKey: Uint8Array,
  side: Side,
  packet: Uint8Array,
  /** decrypt into the packet's own bytes (it is consumed): one allocation less per message */
  opts: { inPlace?: boolean } = {},
): Uint8Array {
  const encryptedLength = packet.length - MESSAGE_HEADER_LENGTH
  if (encryptedLength < 32 || encryptedLength % 16 !== 0) {
    throw new CryptoError('MESSAGE_LENGTH_INVALID', `encrypted message of ${packet.length} bytes`)
  }
  if (!bytesEqual(packet.subarray(0, 8), authKeyId(authKey))) {
    throw new CryptoError('AUTH_KEY_ID_MISMATCH', 'message is for another auth key')
  }
  const x = xFor(side === 'client' ? 'server' : 'client')
  const msgKey = packet.subarray(8, MESSAGE_HEADER_LENGTH)
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, x)
  const ciphertext = packet.subarray(MESSAGE_HEADER_LENGTH)
  const out = opts.inPlace ? ciphertext : undefined
  // one pass where the backend can: decrypting and hashing a 1 MiB answer cost as much as decrypting it
  const fused = igeDecryptSha256(ciphertext, key, iv, msgKeyPrefix(authKey, x), out)
  const plaintext = fused ? fused.plaintext : igeDecrypt(ciphertext, key, iv, out)
  const expected = fused ? msgKeyOf(fused.digest) : computeMsgKey(authKey, plaintext, x)
  if (!bytesEqual(expected, msgKey)) {
    throw new CryptoError('MSG_KEY_MISMATCH', 'msg_key does not match the decrypted message')
  }
  return plaintext
}
