import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from './bytes.js'
import {
  authKeyId,
  computeMsgKey,
  deriveAesKeyIv,
  handshakeAesKeyIv,
  initialServerSalt,
  newNonceHash,
} from './mtproto-kdf.js'
import { secureRandom } from './random.js'
import * as S from './samples.test-helper.js'

const hex = (b: Uint8Array) => bytesToHex(b).toUpperCase()
const authKey = hexToBytes(S.SAMPLE_AUTH_KEY)

function h(alg: 'sha1' | 'sha256', ...parts: Uint8Array[]): Buffer {
  const x = createHash(alg)
  for (const p of parts) x.update(p)
  return x.digest()
}

describe('auth key exchange derivations (samples-auth_key)', () => {
  it('tmp_aes_key / tmp_aes_iv', () => {
    const { key, iv } = handshakeAesKeyIv(hexToBytes(S.SAMPLE_SERVER_NONCE), hexToBytes(S.SAMPLE_NEW_NONCE))
    expect(hex(key)).toBe(S.SAMPLE_TMP_AES_KEY)
    expect(hex(iv)).toBe(S.SAMPLE_TMP_AES_IV)
  })

  it('new_nonce_hash1 of dh_gen_ok', () => {
    expect(hex(newNonceHash(hexToBytes(S.SAMPLE_NEW_NONCE), authKey, 1))).toBe(S.SAMPLE_NEW_NONCE_HASH1)
    expect(hex(newNonceHash(hexToBytes(S.SAMPLE_NEW_NONCE), authKey, 2))).not.toBe(S.SAMPLE_NEW_NONCE_HASH1)
  })

  it('auth_key_id is the last 8 bytes of SHA1(auth_key)', () => {
    expect(authKeyId(authKey)).toEqual(new Uint8Array(h('sha1', authKey).subarray(12)))
  })

  it('first server_salt = new_nonce[0..8] XOR server_nonce[0..8]', () => {
    const salt = initialServerSalt(hexToBytes(S.SAMPLE_NEW_NONCE), hexToBytes(S.SAMPLE_SERVER_NONCE))
    expect(hex(salt)).toBe(
      (0x845fad32d10a4c79n ^ 0xd6701fcd212ceb87n).toString(16).toUpperCase().padStart(16, '0'),
    )
  })
})

describe('MTProto 2.0 message keys', () => {
  it('msg_key and aes key/iv follow the description, for x = 0 and x = 8', () => {
    const plaintext = secureRandom(96)
    for (const x of [0, 8] as const) {
      const large = h('sha256', authKey.subarray(88 + x, 88 + x + 32), plaintext)
      const msgKey = computeMsgKey(authKey, plaintext, x)
      expect(msgKey).toEqual(new Uint8Array(large.subarray(8, 24)))
      const a = h('sha256', msgKey, authKey.subarray(x, x + 36))
      const b = h('sha256', authKey.subarray(40 + x, 40 + x + 36), msgKey)
      const { key, iv } = deriveAesKeyIv(authKey, msgKey, x)
      expect(hex(key)).toBe(hex(Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)])))
      expect(hex(iv)).toBe(hex(Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)])))
    }
    expect(computeMsgKey(authKey, plaintext, 0)).not.toEqual(computeMsgKey(authKey, plaintext, 8))
  })

  it('validate sizes', () => {
    expect(() => authKeyId(new Uint8Array(255))).toThrow(/256 bytes/)
    expect(() => deriveAesKeyIv(authKey, new Uint8Array(15), 0)).toThrow(/16 bytes/)
    expect(() => handshakeAesKeyIv(new Uint8Array(16), new Uint8Array(16))).toThrow(/32 bytes/)
  })
})
