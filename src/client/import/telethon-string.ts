// Telethon StringSession (telethon/sessions/string.py, version '1'):
// '1' + urlsafe_b64encode(struct.pack('>B{4|16}sH256s', dc_id, packed_ip, port, auth_key)).

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

const FORMAT = 'telethon-string'
/** base64 lengths after the version character: 263 bytes (IPv4) and 275 bytes (IPv6) */
const IPV4_BODY = 352
const IPV6_BODY = 368

/** Whether `value` has the shape of a Telethon string session (no decoding of the key). */
export function looksLikeTelethonString(value: string): boolean {
  return (
    value[0] === '1' &&
    (value.length === IPV4_BODY + 1 || value.length === IPV6_BODY + 1) &&
    /^[A-Za-z0-9_-]+={0,2}$/.test(value.slice(1))
  )
}

export function parseTelethonString(value: string): ImportedSession {
  const body = versionOneBody(FORMAT, value)
  if (body.length !== IPV4_BODY && body.length !== IPV6_BODY)
    throw new SessionImportError(
      FORMAT,
      `length ${value.length} is neither ${IPV4_BODY + 1} (IPv4) nor ${IPV6_BODY + 1} (IPv6)`,
    )
  const ipLength = body.length === IPV4_BODY ? 4 : 16
  const bytes = decodeBase64(FORMAT, body)
  if (bytes.length !== 1 + ipLength + 2 + 256)
    throw new SessionImportError(FORMAT, `decodes to ${bytes.length} bytes, expected ${1 + ipLength + 258}`)
  const r = new ByteReader(FORMAT, bytes, 'string')
  const dcId = checkDcId(FORMAT, r.u8())
  const host = formatIp(r.bytes(ipLength))
  const port = checkPort(FORMAT, r.u16())
  const authKey = checkAuthKey(FORMAT, r.bytes(256))
  return sessionAt(dcId, authKey, host, port)
}
