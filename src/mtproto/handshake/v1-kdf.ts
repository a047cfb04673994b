import { type AesKeyIv, concatBytes, sha1 } from '../../crypto/index.js'

/*
 * MTProto 1.0 message encryption, kept only for auth.bindTempAuthKey, whose
 * encrypted_message is an MTProto v1 message under the permanent key
 * (core.telegram.org/mtproto/description_v1).
 */

/** v1 msg_key: the 128 lower-order bits of SHA1(plaintext without padding). */
export function v1MsgKey(plaintext: Uint8Array): Uint8Array {
  return sha1(plaintext).subarray(4, 20)
}

/** v1 aes_key / aes_iv from auth_key and msg_key; x = 0 client → server, 8 server → client. */
export function v1AesKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8 = 0): AesKeyIv {
  if (authKey.length !== 256 || msgKey.length !== 16) throw new RangeError('v1AesKeyIv: bad key sizes')
  const a = sha1(msgKey, authKey.subarray(x, x + 32))
  const b = sha1(authKey.subarray(32 + x, 48 + x), msgKey, authKey.subarray(48 + x, 64 + x))
  const c = sha1(authKey.subarray(64 + x, 96 + x), msgKey)
  const d = sha1(msgKey, authKey.subarray(96 + x, 128 + x))
  return {
    key: concatBytes(a.subarray(0, 8), b.subarray(8, 20), c.subarray(4, 16)),
    iv: concatBytes(a.subarray(8, 20), b.subarray(0, 8), c.subarray(16, 20), d.subarray(0, 8)),
  }
}
