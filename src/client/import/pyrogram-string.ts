// Pyrogram session strings (pyrogram/storage/storage.py, memory_storage.py), unpadded urlsafe base64:
//   current  '>BI?256sQ?'  dc_id, api_id, test_mode, auth_key, user_id, is_bot  (271 bytes, 362 chars)
//   old      '>B?256sI?'   dc_id, test_mode, auth_key, user_id, is_bot          (263 bytes, 351 chars)
//   old 64   '>B?256sQ?'   same with a 64-bit user id                           (267 bytes, 356 chars)

import {
  ByteReader,
  checkAuthKey,
  checkDcId,
  checkUserId,
  decodeBase64,
  type ImportedSession,
  SessionImportError,
} from './common.js'

const FORMAT = 'pyrogram-string'
const OLD = 351
const OLD_64 = 356
const CURRENT = 362

/** Whether `value` has the length and alphabet of a Pyrogram string session. */
export function looksLikePyrogramString(value: string): boolean {
  const body = value.replace(/=+$/, '')
  return [OLD, OLD_64, CURRENT].includes(body.length) && /^[A-Za-z0-9_-]+$/.test(body)
}

export function parsePyrogramString(value: string): ImportedSession {
  const body = value.replace(/=+$/, '')
  if (body.length !== OLD && body.length !== OLD_64 && body.length !== CURRENT)
    throw new SessionImportError(
      FORMAT,
      `length ${body.length} matches no known format (${CURRENT} current, ${OLD} or ${OLD_64} old)`,
    )
  const expected = body.length === CURRENT ? 271 : body.length === OLD_64 ? 267 : 263
  const bytes = decodeBase64(FORMAT, body)
  if (bytes.length !== expected)
    throw new SessionImportError(FORMAT, `decodes to ${bytes.length} bytes, expected ${expected}`)
  const r = new ByteReader(FORMAT, bytes, 'string')
  const dcId = checkDcId(FORMAT, r.u8())
  if (body.length === CURRENT) {
    const apiId = r.u32()
    const testMode = r.bool()
    const authKey = checkAuthKey(FORMAT, r.bytes(256))
    const userId = checkUserId(FORMAT, r.u64())
    const isBot = r.bool()
    return { dcId, authKey, userId, isBot, testMode, apiId }
  }
  const testMode = r.bool()
  const authKey = checkAuthKey(FORMAT, r.bytes(256))
  const userId = checkUserId(FORMAT, body.length === OLD ? BigInt(r.u32()) : r.u64())
  const isBot = r.bool()
  return { dcId, authKey, userId, isBot, testMode }
}
