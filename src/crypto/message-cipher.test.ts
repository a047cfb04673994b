import { describe, expect, it } from 'vitest'
import { createWasmAesIge } from './aes-ige.js'
import { hexToBytes } from './bytes.js'
import { CryptoError } from './errors.js'
import { decryptMessage, encryptMessage, MESSAGE_HEADER_LENGTH, type Side } from './message-cipher.js'
import { authKeyId, computeMsgKey, deriveAesKeyIv } from './mtproto-kdf.js'
import { secureRandom } from './random.js'
import * as S from './samples.test-helper.js'

const authKey = hexToBytes(S.SAMPLE_AUTH_KEY)
const otherKey = secureRandom(256)

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof CryptoError) return err.code
    throw err
  }
  return undefined
}

const sides: [Side, Side][] = [
  ['client', 'server'],
  ['server', 'client'],
]

describe.each(sides)('%s → %s', (sender, receiver) => {
  it('round-trips messages of many sizes; padding is 12..1024 and aligns to 16', () => {
    for (const length of [32, 33, 44, 47, 48, 100, 1000, 4096 + 7, 512 * 1024 + 40]) {
      const plaintext = secureRandom(length)
      const packet = encryptMessage(authKey, sender, plaintext)
      expect(packet.subarray(0, 8)).toEqual(authKeyId(authKey))
      const decrypted = decryptMessage(authKey, receiver, packet)
      const padding = decrypted.length - length
      expect(decrypted.length % 16).toBe(0)
      expect(padding).toBeGreaterThanOrEqual(12)
      expect(padding).toBeLessThanOrEqual(1024)
      expect(Buffer.from(decrypted.subarray(0, length)).equals(plaintext)).toBe(true)
    }
  })

  it('matches an independent decryption with the spec derivation', () => {
    const plaintext = secureRandom(80)
    const packet = encryptMessage(authKey, sender, plaintext)
    const x = sender === 'client' ? 0 : 8
    const msgKey = packet.subarray(8, 24)
    const { key, iv } = deriveAesKeyIv(authKey, msgKey, x)
    const decrypted = createWasmAesIge(key, iv).decrypt(packet.subarray(MESSAGE_HEADER_LENGTH))
    expect(computeMsgKey(authKey, decrypted, x)).toEqual(msgKey)
    expect(decrypted.subarray(0, 80)).toEqual(plaintext)
  })

  it('rejects a tampered msg_key or body', () => {
    const packet = encryptMessage(authKey, sender, secureRandom(64))
    for (const index of [8, 23, 24, packet.length - 1]) {
      const bad = Uint8Array.from(packet)
      bad[index]! ^= 0x80
      expect(codeOf(() => decryptMessage(authKey, receiver, bad))).toBe('MSG_KEY_MISMATCH')
    }
  })

  it('rejects the wrong side (x mismatch), auth key, or length', () => {
    const packet = encryptMessage(authKey, sender, secureRandom(64))
    expect(codeOf(() => decryptMessage(authKey, sender, packet))).toBe('MSG_KEY_MISMATCH')
    expect(codeOf(() => decryptMessage(otherKey, receiver, packet))).toBe('AUTH_KEY_ID_MISMATCH')
    expect(codeOf(() => decryptMessage(authKey, receiver, packet.subarray(0, packet.length - 8)))).toBe(
      'MESSAGE_LENGTH_INVALID',
    )
    expect(codeOf(() => decryptMessage(authKey, receiver, packet.subarray(0, 24 + 16)))).toBe(
      'MESSAGE_LENGTH_INVALID',
    )
  })
})

describe('padding', () => {
  it('is random and drawn from the RandomSource', () => {
    const plaintext = secureRandom(40)
    const a = encryptMessage(authKey, 'client', plaintext)
    const b = encryptMessage(authKey, 'client', plaintext)
    expect(a.subarray(8, 24)).not.toEqual(b.subarray(8, 24))
    const zeros = (n: number) => new Uint8Array(n)
    const c = encryptMessage(authKey, 'client', plaintext, zeros)
    const d = encryptMessage(authKey, 'client', plaintext, zeros)
    expect(c).toEqual(d)
    // 40 + 12 → 52, rounded up to 64: 24 bytes of padding when no extra block is drawn.
    expect(c.length).toBe(MESSAGE_HEADER_LENGTH + 64)
    const padding = decryptMessage(authKey, 'server', c).subarray(40)
    expect(padding).toEqual(zeros(24))
  })
})
