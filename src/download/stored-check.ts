import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { MediaItem } from '../media/media-item.js'
import { HashMismatchError } from './hash-book.js'
import type { PartFetcher } from './part-fetcher.js'
import { MAX_PART } from './part-plan.js'
import type { PartSource } from './part-source.js'

/** What checking a file already on disk against Telegram's hashes found. */
export interface StoredCheck {
  /** bytes a Telegram hash vouched for (0: Telegram gave none for this file) */
  vouchedBytes: number
  /** offset of the first range whose bytes differ from Telegram's, if any */
  badOffset?: number
  /** hex SHA-256 of the whole file, when every range was read and none differs */
  sha256?: string
}

/** Read a part's worth at a time: whole 128 KiB hash ranges. */
const STEP = MAX_PART

/**
 * Reads a complete file that claims to be `item` and checks it against
 * `upload.getFileHashes`, stopping at the first range that differs, and
 * hashes it whole with SHA-256 on the way. A wrong size is a difference at
 * the end of the shorter one.
 */
export async function checkStoredFile(
  item: MediaItem,
  path: string,
  fetcher: PartFetcher,
  source: PartSource,
  signal: AbortSignal,
): Promise<StoredCheck> {
  const file = await open(path, 'r')
  try {
    const size = (await file.stat()).size
    if (size !== item.size) return { vouchedBytes: 0, badOffset: Math.min(size, item.size) }
    const buffer = Buffer.allocUnsafe(STEP)
    let vouchedBytes = 0
    // the file is read once: its SHA-256 comes with the check
    const hash = createHash('sha256')
    for (let offset = 0; offset < size; offset += STEP) {
      signal.throwIfAborted()
      const length = Math.min(STEP, size - offset)
      const { bytesRead } = await file.read(buffer, 0, length, offset)
      if (bytesRead !== length) return { vouchedBytes, badOffset: offset + bytesRead }
      hash.update(buffer.subarray(0, length))
      try {
        vouchedBytes += await fetcher.checkStored(source, offset, buffer.subarray(0, length), signal)
      } catch (e) {
        if (e instanceof HashMismatchError) return { vouchedBytes, badOffset: e.offset }
        throw e
      }
    }
    return { vouchedBytes, sha256: hash.digest('hex') }
  } finally {
    await file.close()
  }
}
