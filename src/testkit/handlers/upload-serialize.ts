import { apiClassId } from '../../tl/index.js'
import type { FileContent } from '../content/file-content.js'

const ids = {
  uploadFile: apiClassId('upload.file'),
  cdnFile: apiClassId('upload.cdnFile'),
}

/** Bytes a TL `bytes` field of `n` bytes takes, header and padding included. */
export function tlBytesSize(n: number): number {
  const header = n < 254 ? 1 : 4
  return Math.ceil((header + n) / 4) * 4
}

/** Writes a TL `bytes` header for `n` bytes at `pos`; returns where the data starts. */
function bytesHeader(view: DataView, pos: number, n: number): number {
  if (n < 254) {
    view.setUint8(pos, n)
    return pos + 1
  }
  view.setUint32(pos, 254 | (n << 8), true)
  return pos + 4
}

/**
 * upload.file { type, mtime, bytes } with the content read straight into the
 * answer's buffer: the only copy of the data is its generation (or read).
 */
export async function serializeUploadFile(
  typeId: number,
  mtime: number,
  content: FileContent,
  offset: number,
  limit: number,
): Promise<Uint8Array> {
  const n = Math.max(0, Math.min(content.size, offset + limit) - offset)
  const out = new Uint8Array(12 + tlBytesSize(n))
  const view = new DataView(out.buffer)
  view.setUint32(0, ids.uploadFile, true)
  view.setUint32(4, typeId, true)
  view.setInt32(8, mtime, true)
  const at = bytesHeader(view, 12, n)
  if (n > 0) await content.readInto(out, at, offset, n)
  return out
}

/** upload.cdnFile { bytes } around an already encrypted range (one copy). */
export function serializeCdnFile(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + tlBytesSize(bytes.length))
  const view = new DataView(out.buffer)
  view.setUint32(0, ids.cdnFile, true)
  out.set(bytes, bytesHeader(view, 4, bytes.length))
  return out
}

export interface FileHashEntry {
  offset: number
  limit: number
  hash: Uint8Array
}
