// GramJS StringSession (gramjs/sessions/StringSession.ts, version '1'), standard base64 of:
//   dc_id (u8), address length (int16 BE), address (utf8), port (int16 BE), auth_key (256)
// GramJS also reads Telethon's layout: a 352-char body is dc + 4-byte IPv4, and an address
// "length" over 100 means the next 16 bytes are a raw IPv6 address.

import {
  ByteReader,
  checkAuthKey,
  checkDcId,
  checkPort,
  decodeBase64,
  formatIp,
  type ImportedSession,
  SessionImportError,
  sessionAt,
  versionOneBody,
} from './common.js'

const FORMAT = 'gramjs-string'
const TELETHON_IPV4_BODY = 352

/** Whether `value` decodes to GramJS's own layout (address length consistent with the total). */
export function looksLikeGramjsString(value: string): boolean {
  if (value[0] !== '1' || value.length > 1024 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.slice(1)))
    return false
  try {
    const bytes = decodeBase64(FORMAT, value.slice(1))
    if (bytes.length < 3) return false
    const addressLength = (bytes[1]! << 8) | bytes[2]!
    if (addressLength > 100 || bytes.length !== 5 + addressLength + 256) return false
    return /^[\x21-\x7e]+$/.test(Buffer.from(bytes.subarray(3, 3 + addressLength)).toString('latin1'))
  } catch {
    return false
  }
}

export function parseGramjsString(value: string): ImportedSession {
  const body = versionOneBody(FORMAT, value)
  const bytes = decodeBase64(FORMAT, body)
  const r = new ByteReader(FORMAT, bytes, 'string')
  const dcId = checkDcId(FORMAT, r.u8())
  let host: string
  if (body.length === TELETHON_IPV4_BODY) {
    host = formatIp(r.bytes(4))
  } else {
    const addressLength = r.u16()
    if (addressLength > 100) {
      host = formatIp(new ByteReader(FORMAT, bytes.subarray(1), 'string').bytes(16))
      r.bytes(14)
    } else {
      if (addressLength === 0) throw new SessionImportError(FORMAT, 'server address is empty')
      const raw = r.bytes(addressLength)
      host = Buffer.from(raw).toString('utf8')
      if (!/^[\x21-\x7e]+$/.test(host))
        throw new SessionImportError(FORMAT, 'server address has characters outside printable ASCII')
    }
  }
  const port = checkPort(FORMAT, r.u16())
  if (r.remaining !== 256)
    throw new SessionImportError(FORMAT, `auth key is ${r.remaining} bytes, expected 256`)
  const authKey = checkAuthKey(FORMAT, r.bytes(256))
  return sessionAt(dcId, authKey, host, port)
}
