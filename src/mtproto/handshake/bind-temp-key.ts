import type Long from 'long'
import {
  authKeyId,
  bytesEqual,
  concatBytes,
  createAesIge,
  type RandomSource,
  secureRandom,
} from '../../crypto/index.js'
import { deserializeTl, type mtp, serializeTl, TlDecodeError, type tl } from '../../tl/index.js'
import { expectObject, intField, longField, longFromBytes, longToBytes, type TlRecord } from './common.js'
import { HandshakeError } from './errors.js'
import { v1AesKeyIv, v1MsgKey } from './v1-kdf.js'

/** auth.bindTempAuthKey as it is sent (over the temp key, in the temp session). */
export type BindTempAuthKeyRequest = tl.auth.RawBindTempAuthKeyRequest

export interface BindTempAuthKeyOptions {
  /** the permanent key (256 bytes) */
  permKey: Uint8Array
  /** the temporary key (256 bytes) the request will be sent with */
  tempKey: Uint8Array
  /** the session id the request will be sent in */
  tempSessionId: Long
  /** unix seconds when the temp key expires */
  expiresAt: number
  /** the msg_id the request will be sent with */
  msgId: Long
  random?: RandomSource
}

/** bind_auth_key_inner is 40 bytes: constructor, four longs and an int. */
const INNER_LENGTH = 40
/** random:int128 + msg_id:long + seqno:int + msg_len:int */
const HEADER_LENGTH = 32

/**
 * Builds auth.bindTempAuthKey (core.telegram.org/method/auth.bindTempAuthKey):
 * bind_auth_key_inner wrapped in an MTProto v1 message encrypted with the
 * permanent key — random:int128 (in place of salt and session_id), msg_id,
 * seqno 0, msg_len, the object, padding to 16 bytes.
 */
export function buildBindTempAuthKeyRequest(opts: BindTempAuthKeyOptions): BindTempAuthKeyRequest {
  const random = opts.random ?? secureRandom
  const permKeyId = authKeyId(opts.permKey)
  const nonce = longFromBytes(random(8))
  const permAuthKeyId = longFromBytes(permKeyId)
  const inner: mtp.RawMt_bind_auth_key_inner = {
    _: 'mt_bind_auth_key_inner',
    nonce,
    tempAuthKeyId: longFromBytes(authKeyId(opts.tempKey)),
    permAuthKeyId,
    tempSessionId: opts.tempSessionId,
    expiresAt: opts.expiresAt,
  }
  const body = serializeTl(inner)
  const header = new Uint8Array(HEADER_LENGTH)
  header.set(random(16), 0)
  header.set(longToBytes(opts.msgId), 16)
  new DataView(header.buffer).setInt32(28, body.length, true) // seqno (24..28) stays 0
  const plaintext = concatBytes(header, body)
  const msgKey = v1MsgKey(plaintext)
  const padded = concatBytes(plaintext, random((16 - (plaintext.length % 16)) % 16))
  const { key, iv } = v1AesKeyIv(opts.permKey, msgKey, 0)
  return {
    _: 'auth.bindTempAuthKey',
    permAuthKeyId,
    nonce,
    expiresAt: opts.expiresAt,
    encryptedMessage: concatBytes(permKeyId, msgKey, createAesIge(key, iv).encrypt(padded)),
  }
}

export interface BindTempAuthKeyContext {
  /** auth_key_id of the key the request arrived under (8 bytes) */
  tempKeyId: Uint8Array
  /** the session it arrived in */
  tempSessionId: Long
  /** its msg_id */
  msgId: Long
  /** server time, unix seconds: when given, an expires_at in the past is refused */
  now?: number
}

/**
 * The server's checks of auth.bindTempAuthKey. Throws HandshakeError with
 * Telegram's error strings: TEMP_AUTH_KEY_EMPTY (not sent under a key),
 * PERM_AUTH_KEY_EMPTY (unknown permanent key), ENCRYPTED_MESSAGE_INVALID
 * (anything wrong inside), EXPIRES_AT_INVALID.
 */
export function verifyBindTempAuthKey(
  request: { _: string },
  permKeysById: (id: Uint8Array) => Uint8Array | undefined,
  ctx: BindTempAuthKeyContext,
): { permKey: Uint8Array; permAuthKeyId: Uint8Array; expiresAt: number } {
  const req = expectObject(request, 'auth.bindTempAuthKey')
  if (ctx.tempKeyId.length !== 8 || ctx.tempKeyId.every((b) => b === 0)) {
    throw new HandshakeError('TEMP_AUTH_KEY_EMPTY', 'not sent under a temporary key')
  }
  const encrypted = req.encryptedMessage
  if (
    !(encrypted instanceof Uint8Array) ||
    encrypted.length < 24 + 48 ||
    (encrypted.length - 24) % 16 !== 0
  ) {
    throw invalid('bad length')
  }
  const permAuthKeyId = longToBytes(longField(req, 'permAuthKeyId'))
  const keyId = encrypted.subarray(0, 8)
  if (!bytesEqual(keyId, permAuthKeyId)) throw invalid('perm_auth_key_id differs from the message key id')
  const permKey = permKeysById(Uint8Array.from(keyId))
  if (!permKey) throw new HandshakeError('PERM_AUTH_KEY_EMPTY', 'unknown permanent key')

  const msgKey = encrypted.subarray(8, 24)
  const { key, iv } = v1AesKeyIv(permKey, msgKey, 0)
  const plain = createAesIge(key, iv).decrypt(encrypted.subarray(24))
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength)
  const length = view.getInt32(28, true)
  if (
    length !== INNER_LENGTH ||
    HEADER_LENGTH + length > plain.length ||
    plain.length - HEADER_LENGTH - length > 15
  ) {
    throw invalid('bad msg_len')
  }
  if (!bytesEqual(v1MsgKey(plain.subarray(0, HEADER_LENGTH + length)), msgKey))
    throw invalid('msg_key mismatch')
  if (!bytesEqual(plain.subarray(16, 24), longToBytes(ctx.msgId))) throw invalid('msg_id mismatch')
  if (view.getInt32(24, true) !== 0) throw invalid('seqno is not 0')

  const inner = readInner(plain.subarray(HEADER_LENGTH, HEADER_LENGTH + length))
  const expiresAt = intField(req, 'expiresAt')
  if (!longField(inner, 'nonce').eq(longField(req, 'nonce'))) throw invalid('nonce mismatch')
  if (!bytesEqual(longToBytes(longField(inner, 'permAuthKeyId')), permAuthKeyId))
    throw invalid('perm key mismatch')
  if (!bytesEqual(longToBytes(longField(inner, 'tempAuthKeyId')), ctx.tempKeyId))
    throw invalid('temp key mismatch')
  if (!longField(inner, 'tempSessionId').eq(ctx.tempSessionId)) throw invalid('temp_session_id mismatch')
  if (intField(inner, 'expiresAt') !== expiresAt)
    throw new HandshakeError('EXPIRES_AT_INVALID', 'differs inside')
  if (ctx.now !== undefined && expiresAt <= ctx.now)
    throw new HandshakeError('EXPIRES_AT_INVALID', 'in the past')
  return { permKey, permAuthKeyId, expiresAt }
}

function readInner(body: Uint8Array): TlRecord {
  try {
    return expectObject(deserializeTl(body, { exact: true }), 'mt_bind_auth_key_inner')
  } catch (e) {
    if (e instanceof TlDecodeError || e instanceof HandshakeError) throw invalid('not bind_auth_key_inner')
    throw e
  }
}

function invalid(why: string): HandshakeError {
  return new HandshakeError('ENCRYPTED_MESSAGE_INVALID', why)
}
