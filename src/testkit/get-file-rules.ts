import { RpcError } from '../mtproto/index.js'

export const MIB = 1024 * 1024

/**
 * Telegram's offset/limit rules for upload.getFile and upload.getCdnFile
 * (core.telegram.org/api/files): without `precise`, offset and limit are
 * multiples of 4096 and limit divides 1 MiB; with it, multiples of 1024 up to
 * 1 MiB; never across a 1 MiB boundary.
 */
export function checkGetFileRange(offset: number, limit: number, precise: boolean): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RpcError(400, 'OFFSET_INVALID')
  if (!Number.isInteger(limit) || limit <= 0 || limit > MIB) throw new RpcError(400, 'LIMIT_INVALID')
  if (precise) {
    if (offset % 1024 !== 0) throw new RpcError(400, 'OFFSET_INVALID')
    if (limit % 1024 !== 0) throw new RpcError(400, 'LIMIT_INVALID')
  } else {
    if (offset % 4096 !== 0) throw new RpcError(400, 'OFFSET_INVALID')
    if (limit % 4096 !== 0 || MIB % limit !== 0) throw new RpcError(400, 'LIMIT_INVALID')
  }
  if (Math.floor(offset / MIB) !== Math.floor((offset + limit - 1) / MIB)) {
    throw new RpcError(400, 'LIMIT_INVALID')
  }
}
