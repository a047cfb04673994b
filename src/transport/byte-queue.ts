/**
 * A FIFO of received bytes kept as a list of chunks.
 *
 * Frames are only materialised (by {@link ByteQueue.take}) once all their bytes have
 * arrived, so an announced length never causes an allocation by itself: every
 * allocation here is bounded by the number of bytes actually pushed.
 *
 * Ownership: `push` takes ownership of the chunk; the caller must not mutate it later,
 * because `take` may return a view into it instead of a copy.
 */

/** Chunks smaller than this are merged with a small predecessor to bound per-chunk overhead. */
const SMALL_CHUNK = 1024

export class ByteQueue {
  private chunks: Buffer[] = []
  /** Index of the first live chunk in `chunks`. */
  private first = 0
  /** Read offset inside `chunks[first]`. */
  private offset = 0
  private total = 0

  /** Number of buffered bytes. */
  get length(): number {
    return this.total
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
    const lastIndex = this.chunks.length - 1
    const last = lastIndex >= this.first ? this.chunks[lastIndex] : undefined
    if (
      last !== undefined &&
      buf.length < SMALL_CHUNK &&
      last.length < SMALL_CHUNK &&
      !(lastIndex === this.first && this.offset > 0)
    ) {
      // Merge tiny chunks (e.g. a peer dribbling single bytes) so the chunk list stays short.
      const merged = Buffer.allocUnsafe(last.length + buf.length)
      last.copy(merged, 0)
      buf.copy(merged, last.length)
      this.chunks[lastIndex] = merged
    } else {
      this.chunks.push(buf)
    }
    this.total += buf.length
  }

  /** Byte at position `index` (0 = oldest buffered byte). Caller ensures `index < length`. */
  byteAt(index: number): number {
    let i = this.first
    let pos = index + this.offset
    for (;;) {
      const chunk = this.chunks[i]
      if (chunk === undefined) throw new RangeError('ByteQueue.byteAt out of range')
      if (pos < chunk.length) return chunk[pos]!
      pos -= chunk.length
      i++
    }
  }

  /** Little-endian uint32 at position `index`. Caller ensures `index + 4 <= length`. */
  uint32LE(index: number): number {
    const head = this.chunks[this.first]
    const pos = this.offset + index
    if (head !== undefined && pos + 4 <= head.length) return head.readUInt32LE(pos)
    return (
      (this.byteAt(index) |
        (this.byteAt(index + 1) << 8) |
        (this.byteAt(index + 2) << 16) |
        (this.byteAt(index + 3) << 24)) >>>
      0
    )
  }

  /** Copies `n` bytes starting at `index` without consuming them (n is small: headers). */
  peek(index: number, n: number): Buffer {
    const out = Buffer.allocUnsafe(n)
    for (let k = 0; k < n; k++) out[k] = this.byteAt(index + k)
    return out
  }

  /** Drops `n` bytes from the front. */
  skip(n: number): void {
    this.consume(n, undefined)
  }

  /**
   * Removes and returns the first `n` bytes. A view when they sit in one chunk,
   * otherwise one allocation of exactly `n` bytes.
   */
  take(n: number): Buffer {
    if (n > this.total) throw new RangeError('ByteQueue.take beyond buffered length')
    const head = this.chunks[this.first]
    if (head !== undefined && this.offset + n <= head.length) {
      const view = head.subarray(this.offset, this.offset + n)
      this.consume(n, undefined)
      return view
    }
    const out = Buffer.allocUnsafe(n)
    this.consume(n, out)
    return out
  }

  private consume(n: number, into: Buffer | undefined): void {
    if (n > this.total) throw new RangeError('ByteQueue: consuming beyond buffered length')
    let written = 0
    while (written < n) {
      const chunk = this.chunks[this.first]!
      const available = chunk.length - this.offset
      const step = Math.min(available, n - written)
      if (into) chunk.copy(into, written, this.offset, this.offset + step)
      written += step
      if (step === available) {
        this.chunks[this.first] = EMPTY
        this.first++
        this.offset = 0
      } else {
        this.offset += step
      }
    }
    this.total -= n
    this.compact()
  }

  private compact(): void {
    if (this.first === this.chunks.length) {
      this.chunks = []
      this.first = 0
    } else if (this.first >= 64 && this.first * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.first)
      this.first = 0
    }
  }
}

const EMPTY = Buffer.alloc(0)
