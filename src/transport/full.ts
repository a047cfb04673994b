/**
 * Full transport (https://core.telegram.org/mtproto/mtproto-transports#full).
 *
 *   [length (4 bytes LE, counts all 12 envelope bytes)] [seq no (4 bytes LE)] payload [CRC32]
 *
 * The CRC covers length, seq no and payload. Each direction numbers its frames from 0;
 * a receiver rejects any other sequence number. Full has no tag, no quick acks, and
 * transport errors are normal frames with a 4-byte negative int32 payload.
 */
import type { CodecOptions, Frame, FrameCodec } from './codec.js'
import { CodecBase } from './codec-base.js'
import { crc32 } from './crc32.js'
import { FramingError } from './errors.js'
import { checkLength, checkOutgoing, classify, errorCode, type Role } from './frame-util.js'

const ENVELOPE = 12
const NO_TAG = new Uint8Array(0)

export class FullCodec extends CodecBase implements FrameCodec {
  readonly name = 'full' as const
  readonly tag = NO_TAG
  private sendSeq = 0
  private recvSeq = 0

  constructor(role: Role, opts: CodecOptions = {}) {
    super(role, opts, 0x7fffffff - ENVELOPE)
  }

  encode(payload: Uint8Array, opts?: { quickAck?: boolean }): Uint8Array {
    checkOutgoing(payload, this.maxFrameSize, 'full')
    if (opts?.quickAck) throw new RangeError('full: the Full transport has no quick acks')
    return this.frame(payload)
  }

  encodeError(code: number): Uint8Array {
    const payload = Buffer.allocUnsafe(4)
    payload.writeInt32LE(errorCode(code), 0)
    return this.frame(payload)
  }

  next(): Frame | null {
    const q = this.queue
    if (q.length < 4) return null
    const length = q.uint32LE(0)
    if (length < ENVELOPE) throw new FramingError(`full: length ${length} is shorter than the envelope`)
    checkLength(length - ENVELOPE, this.maxFrameSize, 'full')
    const frame = q.takeFrame(0, length)
    if (!frame) return null
    const expected = frame.readUInt32LE(length - 4)
    const actual = crc32(frame.subarray(0, length - 4))
    if (expected !== actual) throw new FramingError('full: CRC32 mismatch')
    const seq = frame.readUInt32LE(4)
    if (seq !== this.recvSeq) throw new FramingError(`full: expected seq no ${this.recvSeq}, got ${seq}`)
    this.recvSeq = (this.recvSeq + 1) >>> 0
    return classify(frame.subarray(8, length - 4), this.role, false)
  }

  private frame(payload: Uint8Array): Uint8Array {
    const length = payload.length + ENVELOPE
    const out = Buffer.allocUnsafe(length)
    out.writeUInt32LE(length, 0)
    out.writeUInt32LE(this.sendSeq, 4)
    out.set(payload, 8)
    out.writeUInt32LE(crc32(out.subarray(0, length - 4)), length - 4)
    this.sendSeq = (this.sendSeq + 1) >>> 0
    return out
  }
}
