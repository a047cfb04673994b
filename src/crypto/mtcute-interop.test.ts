// Cross-checks against mtcute 0.30.3's independent MTProto crypto (a devDependency).
import {
  createAesIgeForMessage,
  factorizePQSync,
  generateKeyAndIvFromNonce,
  NodeCryptoProvider,
  parsePublicKey,
} from '@mtcute/node/utils.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { bigIntToBytes, readInt64LE } from './bigint.js'
import { concatBytes, hexToBytes } from './bytes.js'
import { sha256 } from './hash.js'
import { decryptMessage, encryptMessage } from './message-cipher.js'
import { handshakeAesKeyIv } from './mtproto-kdf.js'
import { secureRandom } from './random.js'
import { generateRsaKey, parseRsaPublicKeyPem, rsaPublicKeyToPem } from './rsa.js'
import * as S from './samples.test-helper.js'

const provider = new NodeCryptoProvider()
beforeAll(async () => {
  await provider.initialize?.()
})

describe('MTProto 2.0 messages ↔ mtcute', () => {
  it('we decrypt what an mtcute client encrypts', () => {
    for (let i = 0; i < 20; i++) {
      const authKey = secureRandom(256)
      const length = 32 + 4 * i * 37
      const pad = 12 + ((16 - ((length + 12) % 16)) % 16)
      const buf = concatBytes(secureRandom(length), secureRandom(pad))
      const msgKey = sha256(authKey.subarray(88, 120), buf).subarray(8, 24)
      const encrypted = createAesIgeForMessage(provider, authKey, msgKey, true).encrypt(buf)
      const keyId = provider.sha1(authKey).subarray(12)
      const packet = concatBytes(keyId, msgKey, encrypted)
      expect(decryptMessage(authKey, 'server', packet)).toEqual(buf)
    }
  })

  it('an mtcute client decrypts what our server encrypts', () => {
    for (let i = 0; i < 20; i++) {
      const authKey = secureRandom(256)
      const plaintext = secureRandom(32 + 4 * i * 29)
      const packet = encryptMessage(authKey, 'server', plaintext)
      const msgKey = packet.subarray(8, 24)
      const inner = createAesIgeForMessage(provider, authKey, msgKey, false).decrypt(packet.subarray(24))
      expect(sha256(authKey.subarray(96, 128), inner).subarray(8, 24)).toEqual(msgKey)
      expect(inner.subarray(0, plaintext.length)).toEqual(plaintext)
    }
  })
})

describe('handshake helpers ↔ mtcute', () => {
  it('tmp_aes_key / tmp_aes_iv', () => {
    for (let i = 0; i < 10; i++) {
      const serverNonce = secureRandom(16)
      const newNonce = secureRandom(32)
      const [key, iv] = generateKeyAndIvFromNonce(provider, serverNonce, newNonce)
      expect(handshakeAesKeyIv(serverNonce, newNonce)).toEqual({ key, iv })
    }
  })

  it('pq factorization', () => {
    const [p, q] = factorizePQSync(provider, hexToBytes('17ED48941A08F981'))
    expect([p, q]).toEqual([bigIntToBytes(S.LEGACY_P), bigIntToBytes(S.LEGACY_Q)])
  })

  it('RSA fingerprints', () => {
    const generated = rsaPublicKeyToPem(generateRsaKey())
    for (const pem of [S.TELEGRAM_PROD_KEY_PEM, S.TELEGRAM_OLD_KEY_PEM, generated]) {
      const theirs = parsePublicKey(provider, pem)
      const fingerprint = readInt64LE(hexToBytes(theirs.fingerprint.padStart(16, '0')).reverse())
      expect(parseRsaPublicKeyPem(pem).fingerprint).toBe(fingerprint)
    }
  })
})
