/**
 * A FIFO of received bytes kept as a list of chunks.
 *
 * `push` copies what it keeps, so callers may hand in a read buffer they
 * reuse (a socket's `onread` buffer). A codec that has read a frame's header
 * may say how long the frame is ({@link ByteQueue.expect}): its bytes are then
 * gathered into one buffer as they arrive, and {@link ByteQueue.take} hands
 * that buffer out as it is — one copy and one allocation per frame, however
 * many reads it took. Otherwise every allocation is bounded by the bytes
 * actually pushed, and frames are materialised only once complete.
 */

import { takeFrameBuffer } from './frame-buffers.js'
import type { Role } from './frame-util.js'

/** Chunks smaller than this are merged with a small predecessor to bound per-chunk overhead. */
const SMALL_CHUNK = 1024

/** Longest frame gathered ahead of its bytes: a 1 MiB file part and its envelope fit. */
export const MAX_GATHER = 2 * 1024 * 1024

export class ByteQueue {
  private chunks: Buffer[] = []
  /** Index of the first live chunk in `chunks`. */
  private first = 0
  /** Read offset inside `chunks[first]`. */
  private offset = 0
  private total = 0
  /** The frame being gathered (the last chunk is its filled part), until it is full. */
  private gather: Buffer | undefined
  private gathered = 0

  /**
   * @param opts.gatherAhead honour {@link expect}: only where the peer is
   * trusted with that much memory (a client's server); a server's queue
   * allocates nothing on a length it has only been told.
   */
  constructor(private readonly opts: { gatherAhead?: boolean } = {}) {}

  /** A codec's queue: a client gathers ahead, its peer being the server it chose to dial; a server does not. */
  static forRole(role: Role): ByteQueue {
    return new ByteQueue({ gatherAhead: role === 'client' })
  }

  /** Number of buffered bytes. */
  get length(): number {
    return this.total
  }

  /** Appends a copy of `chunk` (the caller keeps it). */
  push(chunk: Uint8Array): void {
    let from = 0
    const gather = this.gather
    if (gather) {
      from = Math.min(chunk.length, gather.length - this.gathered)
      gather.set(from === chunk.length ? chunk : chunk.subarray(0, from), this.gathered)
      this.gathered += from
      this.total += from
      this.chunks[this.chunks.length - 1] = gather.subarray(0, this.gathered)
      if (this.gathered === gather.length) this.gather = undefined
    }
    if (from < chunk.length) this.append(Buffer.from(chunk.subarray(from)))
  }

  /**
   * The next `n` bytes are one frame: gather them in a single buffer as they
   * arrive (with `gatherAhead`, up to {@link MAX_GATHER} bytes; otherwise a
   * no-op).
   */
  expect(n: number): void {
    if (!this.opts.gatherAhead || this.gather || n <= this.total || n > MAX_GATHER) return
    const buffer = takeFrameBuffer(n)
    const have = this.total
    this.consume(have, buffer)
    this.chunks = [buffer.subarray(0, have)]
    this.first = 0
    this.offset = 0
    this.total = have
    this.gather = buffer
    this.gathered = have
  }

  private append(buf: Buffer): void {
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

  /**
   * The payload of a frame of `header` + `length` bytes (the header dropped)
   * once all of it is here; until then null, and the frame is gathered as it
   * arrives (see {@link expect}).
   */
  takeFrame(header: number, length: number): Buffer | null {
    if (this.length < header + length) {
      this.expect(header + length)
      return null
    }
    this.skip(header)
    return this.take(length)
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
    // a frame read before it is whole was not the frame expected: stop gathering it
    if (n > 0) this.gather = undefined
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
