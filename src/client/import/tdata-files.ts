// Telegram Desktop's on-disk containers (Telegram/SourceFiles/storage/details/storage_file_utilities.cpp):
//   file  = 'TDF$' | int32 LE app version | payload | md5(payload | int32 LE payload size | version | 'TDF$')
//   payload is a big-endian QDataStream; encrypted parts are QByteArrays holding
//   msg_key (16 = sha1(plain)[0..16]) | AES-256-IGE(plain), plain = u32 LE length | data | padding,
//   AES key/iv from the 256-byte local key as MTProto 1.0 (prepareAES_oldmtp, x = 8).
// The local key is encrypted by a key derived from the local passcode (CreateLocalKey):
//   PBKDF2-HMAC-SHA512(sha512(salt | passcode | salt), salt, passcode ? 100000 : 1, 256 bytes).

import { createHash, pbkdf2 } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { bytesEqual, igeDecrypt, sha1 } from '../../crypto/index.js'
import { SessionImportError } from './common.js'

const FORMAT = 'tdata'
const MAGIC = Buffer.from('TDF$', 'latin1')
/** tdata files this importer reads are a few hundred bytes; anything huge is not one of them */
export const MAX_TDF_FILE = 1 << 20
const STRONG_ITERATIONS = 100_000

export interface TdfFile {
  version: number
  payload: Uint8Array
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

const int32le = (n: number): Uint8Array => {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setInt32(0, n, true)
  return b
}

/** Checks magic and signature of one TDF file's bytes; a reason string when it is not valid. */
export function parseTdf(bytes: Uint8Array): TdfFile | string {
  if (bytes.length < 8 + 16) return `${bytes.length} bytes is too short for a TDF file`
  if (!bytesEqual(bytes.subarray(0, 4), MAGIC)) return 'bad magic (not TDF$)'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getInt32(4, true)
  const payload = bytes.subarray(8, bytes.length - 16)
  const sig = md5(payload, int32le(payload.length), int32le(version), MAGIC)
  if (!bytesEqual(sig, bytes.subarray(bytes.length - 16))) return 'md5 signature does not match'
  return { version, payload }
}

function readBounded(path: string): Uint8Array | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return undefined
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return undefined
    if (st.size > MAX_TDF_FILE)
      throw new SessionImportError(
        FORMAT,
        `${path} is ${st.size} bytes, larger than any tdata file read here`,
      )
    const buf = new Uint8Array(st.size)
    let off = 0
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off)
      if (n === 0) break
      off += n
    }
    return buf.subarray(0, off)
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads `<dir>/<name>{s,0,1}` the way tdesktop's ReadFile does (the safe 's' copy first,
 * then the legacy pair). undefined when none exists; an error when all that exist are bad.
 */
export function readTdfFile(dir: string, name: string): TdfFile | undefined {
  const problems: string[] = []
  for (const suffix of ['s', '0', '1']) {
    const bytes = readBounded(join(dir, name + suffix))
    if (!bytes) continue
    const parsed = parseTdf(bytes)
    if (typeof parsed !== 'string') return parsed
    problems.push(`${name}${suffix}: ${parsed}`)
  }
  if (problems.length) throw new SessionImportError(FORMAT, problems.join('; '))
  return undefined
}

/** tdesktop's ToFilePart: the 64-bit key as 16 hex digits, lowest nibble first, upper case. */
export function toFilePart(key: bigint): string {
  let out = ''
  let v = key
  for (let i = 0; i < 16; i++) {
    out += Number(v & 0xfn)
      .toString(16)
      .toUpperCase()
    v >>= 4n
  }
  return out
}

/** ComputeDataNameKey: the first 8 bytes of md5(dataName), little-endian. */
export function dataNameKey(dataName: string): bigint {
  const h = md5(Buffer.from(dataName, 'utf8'))
  return new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, true)
}

/** CreateLocalKey (the modern, multi-account storage). */
export function deriveLocalKey(passcode: string, salt: Uint8Array): Promise<Uint8Array> {
  const pass = Buffer.from(passcode, 'utf8')
  const hash = createHash('sha512').update(salt).update(pass).update(salt).digest()
  const iterations = pass.length === 0 ? 1 : STRONG_ITERATIONS
  return new Promise((resolve, reject) =>
    pbkdf2(hash, salt, iterations, 256, 'sha512', (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key)),
    ),
  )
}

/** prepareAES_oldmtp with send = false (x = 8), as aesEncryptLocal / aesDecryptLocal use it. */
export function localAesKeyIv(authKey: Uint8Array, msgKey: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const x = 8
  const a = sha1(msgKey, authKey.subarray(x, x + 32))
  const b = sha1(authKey.subarray(32 + x, 48 + x), msgKey, authKey.subarray(48 + x, 64 + x))
  const c = sha1(authKey.subarray(64 + x, 96 + x), msgKey)
  const d = sha1(msgKey, authKey.subarray(96 + x, 128 + x))
  const key = new Uint8Array(32)
  key.set(a.subarray(0, 8), 0)
  key.set(b.subarray(8, 20), 8)
  key.set(c.subarray(4, 16), 20)
  const iv = new Uint8Array(32)
  iv.set(a.subarray(8, 20), 0)
  iv.set(b.subarray(0, 8), 12)
  iv.set(c.subarray(16, 20), 20)
  iv.set(d.subarray(0, 8), 24)
  return { key, iv }
}

/**
 * DecryptLocal: the data inside one encrypted part (without its length prefix), or
 * undefined when the key is wrong (the msg_key check fails). Malformed sizes throw.
 */
export function decryptLocal(
  encrypted: Uint8Array,
  localKey: Uint8Array,
  what: string,
): Uint8Array | undefined {
  if (encrypted.length <= 16 || encrypted.length % 16 !== 0)
    throw new SessionImportError(
      FORMAT,
      `${what}: encrypted part of ${encrypted.length} bytes is not 16·n > 16`,
    )
  const msgKey = encrypted.subarray(0, 16)
  const { key, iv } = localAesKeyIv(localKey, msgKey)
  const plain = igeDecrypt(encrypted.subarray(16), key, iv)
  if (!bytesEqual(sha1(plain).subarray(0, 16), msgKey)) return undefined
  const fullLen = plain.length
  const dataLen = new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0, true)
  if (dataLen > fullLen || dataLen <= fullLen - 16 || dataLen < 4)
    throw new SessionImportError(FORMAT, `${what}: decrypted length ${dataLen} does not fit ${fullLen} bytes`)
  return plain.subarray(4, dataLen)
}
