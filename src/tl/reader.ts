import { gunzipSync, inflateSync } from 'node:zlib'
import { TlBinaryReader, type TlReaderMap, TlUnknownObjectError } from '@mtcute/tl-runtime'
import { TlDecodeError } from './errors.js'
import { ID_GZIP_PACKED } from './service-types.js'

/** Upper bound for an inflated `gzip_packed` body; Telegram never sends more. */
export const MAX_INFLATED_SIZE = 32 * 1024 * 1024
/** Nested gzip is not something Telegram sends; one level is allowed. */
const MAX_GZIP_DEPTH = 1

/**
 * A TL reader for untrusted bytes: every read is bounds-checked before it
 * touches or allocates memory, a vector may not announce more elements than
 * the remaining bytes could hold, and `gzip_packed` is inflated with a cap.
 */
export class SafeTlReader extends TlBinaryReader {
  private gzipDepth = 0

  static from(map: TlReaderMap | undefined, data: Uint8Array, start = 0): SafeTlReader {
    return new SafeTlReader(map, data, start)
  }

  get remaining(): number {
    return this.uint8View.length - this.pos
  }

  private need(n: number): void {
    if (n < 0 || n > this.remaining) {
      throw new TlDecodeError(`need ${n} bytes, ${this.remaining} left`, this.pos)
    }
  }

  override int(): number {
    this.need(4)
    return super.int()
  }
  override uint(): number {
    this.need(4)
    return super.uint()
  }
  override peekUint(): number {
    this.need(4)
    return super.peekUint()
  }
  override int53(): number {
    this.need(8)
    return super.int53()
  }
  override long(unsigned = false): ReturnType<TlBinaryReader['long']> {
    this.need(8)
    return super.long(unsigned)
  }
  override double(): number {
    this.need(8)
    return super.double()
  }
  override float(): number {
    this.need(4)
    return super.float()
  }
  override raw(bytes = -1): Uint8Array {
    if (bytes !== -1) this.need(bytes)
    return super.raw(bytes)
  }
  override int128(): Uint8Array {
    this.need(16)
    return super.int128()
  }
  override int256(): Uint8Array {
    this.need(32)
    return super.int256()
  }
  override bytes(): Uint8Array {
    this.need(1)
    const first = this.uint8View[this.pos] ?? 0
    const long = first === 254
    if (long) this.need(4)
    const length = long
      ? (this.uint8View[this.pos + 1] ?? 0) |
        ((this.uint8View[this.pos + 2] ?? 0) << 8) |
        ((this.uint8View[this.pos + 3] ?? 0) << 16)
      : first
    const header = long ? 4 : 1
    const padded = Math.ceil((header + length) / 4) * 4
    this.need(padded)
    return super.bytes()
  }
  override boolean(): boolean {
    this.need(4)
    try {
      return super.boolean()
    } catch {
      throw new TlDecodeError('expected boolTrue or boolFalse', this.pos - 4)
    }
  }

  override object(id?: number): unknown {
    const start = this.pos
    const ctor = id ?? this.uint()
    if (ctor === ID_GZIP_PACKED) return this.gzipPacked()
    try {
      return super.object(ctor)
    } catch (e) {
      if (e instanceof TlUnknownObjectError) {
        throw new TlDecodeError(`unknown constructor 0x${ctor.toString(16)}`, start, ctor)
      }
      throw e
    }
  }

  override vector(reader: (id?: number) => unknown = this.object, bare = false): unknown[] {
    if (!bare) {
      const id = this.uint()
      if (id !== 0x1cb5c415)
        throw new TlDecodeError(`expected vector, got 0x${id.toString(16)}`, this.pos - 4)
    }
    const count = this.uint()
    // every TL value takes at least 4 bytes on the wire
    if (count > this.remaining / 4) {
      throw new TlDecodeError(`vector of ${count} cannot fit in ${this.remaining} bytes`, this.pos - 4)
    }
    const out = new Array<unknown>(count)
    for (let i = 0; i < count; i++) out[i] = reader.call(this)
    return out
  }

  private gzipPacked(): unknown {
    const packed = this.bytes()
    if (this.gzipDepth >= MAX_GZIP_DEPTH) throw new TlDecodeError('nested gzip_packed', this.pos)
    const inner = SafeTlReader.from(this.objectsMap, inflate(packed, this.pos))
    inner.gzipDepth = this.gzipDepth + 1
    const value = inner.object()
    return value
  }
}

/**
 * Inflates a `gzip_packed` body, refusing anything larger than
 * {@link MAX_INFLATED_SIZE}. Telegram also accepts a zlib stream there
 * (mtcute sends its requests that way), so a zlib header is honoured too.
 */
export function inflate(packed: Uint8Array, offset = 0): Uint8Array {
  try {
    const zlib =
      packed.length >= 2 && (packed[0]! & 0x0f) === 8 && ((packed[0]! << 8) | packed[1]!) % 31 === 0
    if (zlib) return inflateSync(packed, { maxOutputLength: MAX_INFLATED_SIZE })
    return gunzipSync(packed, { maxOutputLength: MAX_INFLATED_SIZE })
  } catch (e) {
    throw new TlDecodeError(`bad gzip_packed: ${(e as Error).message}`, offset)
  }
}
