import { createHash } from 'node:crypto'
import { untilAborted } from '../async/index.js'
import { TgfetchError } from '../errors/index.js'

/** Telegram's fileHash: SHA-256 of the range [offset, offset + limit). */
export interface RangeHash {
  offset: number
  limit: number
  hash: Uint8Array
}

export type HashFetcher = (offset: number, signal: AbortSignal) => Promise<RangeHash[]>

export class HashMismatchError extends TgfetchError {
  readonly category = 'download'
  constructor(readonly offset: number) {
    super(`bytes at ${offset} do not match Telegram's hash`)
  }
}

/**
 * The hashes Telegram gives for a file (128 KiB ranges), collected as parts
 * need them; a part is good when every range it holds matches.
 */
export class HashBook {
  private readonly byOffset = new Map<number, RangeHash>()
  private readonly pending = new Map<number, Promise<void>>()

  add(hashes: RangeHash[]): void {
    for (const h of hashes) this.byOffset.set(h.offset, h)
  }

  /**
   * Checks `bytes` (the file from `offset`) against the hashes, fetching
   * missing ones; throws {@link HashMismatchError} at the first bad range.
   * Resolves with how many of the bytes a hash vouched for (Telegram may
   * hash none of a range, or not the short range at the end of a part).
   */
  async verify(offset: number, bytes: Uint8Array, fetch: HashFetcher, signal: AbortSignal): Promise<number> {
    let at = offset
    let vouched = 0
    const end = offset + bytes.length
    while (at < end) {
      let entry = this.byOffset.get(at)
      if (!entry) {
        await untilAborted(this.load(at, fetch, signal), signal)
        entry = this.byOffset.get(at)
        // Telegram may not hash this range (nothing we can check against)
        if (!entry) return vouched
      }
      if (entry.limit <= 0) return vouched
      const slice = bytes.subarray(at - offset, Math.min(end, at + entry.limit) - offset)
      if (slice.length !== entry.limit && at + slice.length !== end) throw new HashMismatchError(at)
      if (slice.length === entry.limit) {
        const digest = createHash('sha256').update(slice).digest()
        if (!digest.equals(entry.hash)) throw new HashMismatchError(at)
        vouched += slice.length
      }
      at += entry.limit
    }
    return vouched
  }

  private load(offset: number, fetch: HashFetcher, signal: AbortSignal): Promise<void> {
    let p = this.pending.get(offset)
    if (!p) {
      p = fetch(offset, signal)
        .then((hashes) => this.add(hashes))
        .finally(() => this.pending.delete(offset))
      this.pending.set(offset, p)
    }
    return p
  }
}
