// Shared pieces of the session importers: the result type, the one error
// type every parser throws, and bounds-checked readers for untrusted bytes.

import { TgfetchError } from '../../errors/index.js'
import { testServers } from '../servers/builtin.js'

export type SessionKind = 'telethon-file' | 'telethon-string' | 'pyrogram-string' | 'gramjs-string' | 'tdata'

export interface ImportedSession {
  dcId: number
  /** 256-byte permanent auth key of the home DC */
  authKey: Uint8Array
  userId?: number
  isBot?: boolean
  /** true only when the format says so (Pyrogram) or the address is a known test DC */
  testMode?: boolean
  serverAddress?: { host: string; port: number }
  /** the application the key was authorized for, when the format records it (Pyrogram) */
  apiId?: number
  /** keys for other DCs (Telegram Desktop keeps one per DC it has used) */
  extraKeys?: Array<{ dcId: number; authKey: Uint8Array }>
}

export type SessionImportErrorCode =
  | 'malformed'
  | 'not-found'
  | 'not-logged-in'
  | 'passcode-required'
  | 'wrong-passcode'
  | 'unsupported'

/** Every refusal of an importer: names the format and what is wrong. */
export class SessionImportError extends TgfetchError {
  readonly category = 'input'
  constructor(
    readonly format: SessionKind,
    readonly reason: string,
    readonly code: SessionImportErrorCode = 'malformed',
  ) {
    super(`${format} session: ${reason}`)
  }
}

export const AUTH_KEY_LENGTH = 256
/** longer than any string session format (GramJS with a 255-char hostname is ~700) */
export const MAX_STRING_SESSION_LENGTH = 2048

/** Bare DC ids are small; anything else is corruption, not a real DC. */
export function checkDcId(format: SessionKind, dcId: number): number {
  if (!Number.isInteger(dcId) || dcId < 1 || dcId > 1000)
    throw new SessionImportError(format, `DC id ${dcId} is out of range (1-1000)`)
  return dcId
}

export function checkPort(format: SessionKind, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new SessionImportError(format, `port ${port} is out of range (1-65535)`)
  return port
}

/** A copy of a 256-byte, not all-zero auth key. */
export function checkAuthKey(format: SessionKind, key: Uint8Array, what = 'auth key'): Uint8Array {
  if (key.length !== AUTH_KEY_LENGTH)
    throw new SessionImportError(format, `${what} is ${key.length} bytes, expected ${AUTH_KEY_LENGTH}`)
  if (key.every((b) => b === 0))
    throw new SessionImportError(format, `${what} is empty (all zero): not logged in`, 'not-logged-in')
  return new Uint8Array(key)
}

/** A positive user id that fits a JS number exactly, or undefined for 0 (unknown). */
export function checkUserId(format: SessionKind, id: bigint): number | undefined {
  if (id === 0n) return undefined
  if (id < 0n || id > BigInt(Number.MAX_SAFE_INTEGER))
    throw new SessionImportError(format, `user id ${id} is out of range`)
  return Number(id)
}

/** Strict base64 (standard or URL-safe alphabet, padding optional) of a bounded string. */
export function decodeBase64(format: SessionKind, text: string): Uint8Array {
  if (text.length > MAX_STRING_SESSION_LENGTH)
    throw new SessionImportError(format, `string is too long (${text.length} characters)`)
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text))
    throw new SessionImportError(format, 'string contains characters outside base64')
  const body = text.replace(/=+$/, '')
  if (body.length % 4 === 1 || (body.length !== text.length && text.length % 4 !== 0))
    throw new SessionImportError(format, `base64 of invalid length ${text.length}`)
  const buf = Buffer.from(body, 'base64')
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

/** Dotted IPv4 or compressed IPv6 text of 4 or 16 raw bytes. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.')
  const groups: number[] = []
  for (let i = 0; i + 1 < bytes.length; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!)
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < groups.length; ) {
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > bestLen && j - i > 1) {
      bestStart = i
      bestLen = j - i
    }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}

/** Whether `host` is one of Telegram's test DCs (formats without a test flag record only the address). */
export function isTestDcHost(host: string): boolean {
  return testServers().dcs.some((d) => d.host === host)
}

/** The body of a Telethon-lineage string session (Telethon, GramJS): after its version character, '1'. */
export function versionOneBody(format: SessionKind, value: string): string {
  if (value[0] !== '1')
    throw new SessionImportError(
      format,
      `unknown version ${JSON.stringify(value.slice(0, 1))} (expected '1')`,
    )
  return value.slice(1)
}

/** A session that records its DC's address (and so its test mode) but no user. */
export function sessionAt(dcId: number, authKey: Uint8Array, host: string, port: number): ImportedSession {
  return { dcId, authKey, serverAddress: { host, port }, testMode: isTestDcHost(host) }
}

/** Big-endian (and a few little-endian) reads that refuse to run past the end. */
export class ByteReader {
  private pos = 0
  constructor(
    private readonly format: SessionKind,
    private readonly data: Uint8Array,
    private readonly what = 'data',
  ) {}

  get remaining(): number {
    return this.data.length - this.pos
  }

  get atEnd(): boolean {
    return this.pos >= this.data.length
  }

  bytes(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0 || n > this.remaining)
      throw new SessionImportError(
        this.format,
        `${this.what} is truncated: wanted ${n} bytes at offset ${this.pos}, ${this.remaining} left`,
      )
    const out = this.data.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  private view(n: number): DataView {
    const b = this.bytes(n)
    return new DataView(b.buffer, b.byteOffset, b.byteLength)
  }

  u8(): number {
    return this.view(1).getUint8(0)
  }

  u16(): number {
    return this.view(2).getUint16(0)
  }

  i32(): number {
    return this.view(4).getInt32(0)
  }

  u32(): number {
    return this.view(4).getUint32(0)
  }

  u64(): bigint {
    return this.view(8).getBigUint64(0)
  }

  bool(): boolean {
    const b = this.u8()
    if (b > 1) throw new SessionImportError(this.format, `${this.what} has a boolean byte of ${b}`)
    return b === 1
  }

  /** Qt's QDataStream QByteArray: u32 length (0xFFFFFFFF = null) then bytes, checked before reading. */
  qByteArray(): Uint8Array {
    const len = this.u32()
    if (len === 0xffffffff) return new Uint8Array(0)
    return this.bytes(len)
  }
}
