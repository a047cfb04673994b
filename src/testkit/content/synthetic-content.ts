import { createCipheriv, createHash } from 'node:crypto'

/**
 * Length of the random pool a file's content repeats: the prime 2^22 − 3, so
 * a part moved by any multiple of 1024 bytes below 4 GiB lands on different
 * bytes and a misplaced part never goes unnoticed.
 */
export const SYNTHETIC_PERIOD = 4_194_301

/**
 * File content generated from a file id: an AES-256-CTR keystream keyed by
 * SHA-256 of the id, `SYNTHETIC_PERIOD` bytes long (or the file's size if
 * smaller), repeated. Any range is one or two copies out of that pool, so a
 * 4 GB file needs no disk and serving it costs memcpy, not AES.
 */
export class SyntheticContent {
  private poolBytes?: Buffer

  constructor(
    readonly id: string,
    readonly size: number,
  ) {}

  private pool(): Buffer {
    if (!this.poolBytes) {
      const key = createHash('sha256').update(`tgfetch-testkit:${this.id}`).digest()
      const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
      this.poolBytes = cipher.update(Buffer.alloc(Math.min(this.size, SYNTHETIC_PERIOD)))
    }
    return this.poolBytes
  }

  /** Bytes [offset, offset + length), clipped to the file's size. */
  read(offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(this.size, offset + length) - offset)
    const out = new Uint8Array(n)
    this.readInto(out, 0, offset, n)
    return out
  }

  /**
   * Writes bytes [offset, offset + length) (clipped to the size) into
   * `target` at `at`; returns how many were written.
   */
  readInto(target: Uint8Array, at: number, offset: number, length: number): number {
    const end = Math.min(this.size, offset + length)
    if (end <= offset) return 0
    const pool = this.pool()
    for (let pos = offset; pos < end; ) {
      const start = pos % pool.length
      const n = Math.min(end - pos, pool.length - start)
      target.set(pool.subarray(start, start + n), at + pos - offset)
      pos += n
    }
    return end - offset
  }

  /** SHA-256 of the whole content, streamed in 4 MiB steps. */
  sha256(): string {
    const hash = createHash('sha256')
    const step = 4 * 1024 * 1024
    const buf = new Uint8Array(step)
    for (let pos = 0; pos < this.size; pos += step)
      hash.update(buf.subarray(0, this.readInto(buf, 0, pos, step)))
    return hash.digest('hex')
  }
}
