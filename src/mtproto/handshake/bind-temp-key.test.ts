import type { ICryptoProvider } from '@mtcute/core/utils.js'
import { createAesIgeForMessageOld } from '@mtcute/core/utils.js'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { authKeyId, bytesToHex, createAesIge, sha1 } from '../../crypto/index.js'
import { deserializeTl, serializeTl, serverReaders } from '../../tl/index.js'
import {
  type BindTempAuthKeyContext,
  type BindTempAuthKeyRequest,
  buildBindTempAuthKeyRequest,
  verifyBindTempAuthKey,
} from './bind-temp-key.js'
import { longToBytes } from './common.js'
import { HandshakeError } from './errors.js'
import { flipBit, seededRandom } from './handshake.test-helper.js'
import { v1AesKeyIv, v1MsgKey } from './v1-kdf.js'

const random = seededRandom('bind')
const permKey = random(256)
const tempKey = random(256)
const tempSessionId = Long.fromString('1234567890123456789')
const msgId = Long.fromString('7331234567890123456')
const expiresAt = 1_707_500_000
const ctx: BindTempAuthKeyContext = { tempKeyId: authKeyId(tempKey), tempSessionId, msgId }
const keys = (id: Uint8Array) => (bytesToHex(id) === bytesToHex(authKeyId(permKey)) ? permKey : undefined)

function build(): BindTempAuthKeyRequest {
  return buildBindTempAuthKeyRequest({ permKey, tempKey, tempSessionId, expiresAt, msgId, random })
}

/** Through real TL bytes, as the server would receive it. */
function wire(req: BindTempAuthKeyRequest): { _: string } {
  return deserializeTl(serializeTl(req), { readers: serverReaders(), exact: true })
}

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof HandshakeError) return e.code
    throw e
  }
  return 'OK'
}

describe('auth.bindTempAuthKey', () => {
  it('builds an MTProto v1 message that mtcute decrypts the same way', () => {
    const req = build()
    expect(req.encryptedMessage).toHaveLength(8 + 16 + 80)
    expect(bytesToHex(req.encryptedMessage.subarray(0, 8))).toBe(bytesToHex(authKeyId(permKey)))
    expect(bytesToHex(longToBytes(req.permAuthKeyId))).toBe(bytesToHex(authKeyId(permKey)))
    const msgKey = req.encryptedMessage.subarray(8, 24)
    const provider = { sha1: (d: Uint8Array) => sha1(d), createAesIge } as unknown as ICryptoProvider
    const plain = createAesIgeForMessageOld(provider, permKey, msgKey, true).decrypt(
      req.encryptedMessage.subarray(24),
    )
    expect(bytesToHex(plain.subarray(16, 24))).toBe(bytesToHex(longToBytes(msgId)))
    expect(new DataView(plain.buffer, plain.byteOffset).getInt32(28, true)).toBe(40)
    expect(bytesToHex(v1MsgKey(plain.subarray(0, 72)))).toBe(bytesToHex(msgKey))
    const inner = deserializeTl<Record<string, unknown>>(plain.subarray(32, 72), { exact: true })
    expect(inner).toMatchObject({ _: 'mt_bind_auth_key_inner', expiresAt })
    expect((inner.tempSessionId as Long).eq(tempSessionId)).toBe(true)
    expect((inner.nonce as Long).eq(req.nonce)).toBe(true)
  })

  it('v1 KDF uses x = 0 and 8 on disjoint key slices', () => {
    const msgKey = random(16)
    const c = v1AesKeyIv(permKey, msgKey, 0)
    const s = v1AesKeyIv(permKey, msgKey, 8)
    expect(c.key).toHaveLength(32)
    expect(c.iv).toHaveLength(32)
    expect(bytesToHex(c.key)).not.toBe(bytesToHex(s.key))
    const provider = { sha1: (d: Uint8Array) => sha1(d), createAesIge } as unknown as ICryptoProvider
    const data = random(48)
    const theirs = createAesIgeForMessageOld(provider, permKey, msgKey, false).encrypt(data)
    expect(bytesToHex(createAesIge(s.key, s.iv).encrypt(data))).toBe(bytesToHex(theirs))
  })

  it('the server accepts it and finds the permanent key', () => {
    const res = verifyBindTempAuthKey(wire(build()), keys, ctx)
    expect(bytesToHex(res.permKey)).toBe(bytesToHex(permKey))
    expect(res.expiresAt).toBe(expiresAt)
    expect(code(() => verifyBindTempAuthKey(wire(build()), keys, { ...ctx, now: expiresAt - 10 }))).toBe('OK')
  })

  it('refuses tampered or misdirected requests with Telegram error strings', () => {
    const req = build()
    const msg = req.encryptedMessage
    for (const offset of [0, 9, 24, 40, 60, -1]) {
      const tampered = { ...req, encryptedMessage: flipBit(msg, offset) }
      expect(['ENCRYPTED_MESSAGE_INVALID', 'PERM_AUTH_KEY_EMPTY']).toContain(
        code(() => verifyBindTempAuthKey(wire(tampered), keys, ctx)),
      )
    }
    const v = (r: BindTempAuthKeyRequest, c = ctx) => code(() => verifyBindTempAuthKey(wire(r), keys, c))
    expect(v({ ...req, encryptedMessage: msg.subarray(0, 60) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v({ ...req, nonce: req.nonce.add(1) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v({ ...req, permAuthKeyId: req.permAuthKeyId.add(1) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v({ ...req, expiresAt: expiresAt + 1 })).toBe('EXPIRES_AT_INVALID')
    expect(v(req, { ...ctx, now: expiresAt + 1 })).toBe('EXPIRES_AT_INVALID')
    expect(v(req, { ...ctx, msgId: msgId.add(4) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v(req, { ...ctx, tempSessionId: tempSessionId.add(1) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v(req, { ...ctx, tempKeyId: authKeyId(permKey) })).toBe('ENCRYPTED_MESSAGE_INVALID')
    expect(v(req, { ...ctx, tempKeyId: new Uint8Array(8) })).toBe('TEMP_AUTH_KEY_EMPTY')
    expect(code(() => verifyBindTempAuthKey(wire(req), () => undefined, ctx))).toBe('PERM_AUTH_KEY_EMPTY')
  })

  it('refuses a message encrypted with another permanent key', () => {
    const otherPerm = random(256)
    const forged = buildBindTempAuthKeyRequest({
      permKey: otherPerm,
      tempKey,
      tempSessionId,
      expiresAt,
      msgId,
    })
    // claims to be for our perm key, but was encrypted with another one
    forged.encryptedMessage.set(authKeyId(permKey), 0)
    forged.permAuthKeyId = Long.fromBytesLE(Array.from(authKeyId(permKey)))
    expect(code(() => verifyBindTempAuthKey(wire(forged), keys, ctx))).toBe('ENCRYPTED_MESSAGE_INVALID')
  })
})
