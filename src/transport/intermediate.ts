/**
 * Intermediate transport (https://core.telegram.org/mtproto/mtproto-transports#intermediate).
 *
 *   [length (4 bytes LE)] payload
 *
 * Quick ack request (client → server): top bit of the length word set.
 * Quick ack token (server → client): the 4 token bytes (LE) with no length header. The
 * client tells it apart because a token read as a length is ≥ 0x80000000, never a valid
 * length (the server never sets the top bit of a length).
 * Transport error (server → client): a normal frame of length 4 with a negative int32.
 */
import type { CodecOptions, Frame, FrameCodec, TransportName } from './codec.js'
import { CodecBase } from './codec-base.js'
import {
  ackToken,
  checkLength,
  checkOutgoing,
  classify,
  defaultRandom,
  errorCode,
  type RandomSource,
  type Role,
} from './frame-util.js'

const TAG = new Uint8Array([0xee, 0xee, 0xee, 0xee])
const QUICK_ACK_BIT = 0x80000000

export class IntermediateCodec extends CodecBase implements FrameCodec {
  readonly name: TransportName = 'intermediate'
  readonly tag: Uint8Array = TAG
  protected readonly random: RandomSource

  constructor(role: Role, opts: CodecOptions = {}) {
    super(role, opts, 0x7fffffff)
    this.random = opts.random ?? defaultRandom
  }

  encode(payload: Uint8Array, opts?: { quickAck?: boolean }): Uint8Array {
    checkOutgoing(payload, this.maxFrameSize, this.name)
    const quickAck = opts?.quickAck === true
    if (quickAck && this.role !== 'client')
      throw new RangeError(`${this.name}: only a client requests quick acks`)
    // Padding never pushes a frame over the limit the peer enforces.
    const padding = Math.min(this.paddingLength(), this.maxFrameSize - payload.length)
    return this.frame(payload, padding, quickAck)
  }

  encodeQuickAck(token: number): Uint8Array {
    if (this.role !== 'server') throw new RangeError(`${this.name}: only a server sends quick-ack tokens`)
    const out = Buffer.allocUnsafe(4)
    out.writeUInt32LE(ackToken(token), 0)
    return out
  }

  encodeError(code: number): Uint8Array {
    const payload = Buffer.allocUnsafe(4)
    payload.writeInt32LE(errorCode(code), 0)
    return this.frame(payload, 0, false)
  }

  next(): Frame | null {
    const q = this.queue
    if (q.length < 4) return null
    const word = q.uint32LE(0)
    let quickAck = false
    let length = word
    if (word & QUICK_ACK_BIT) {
      if (this.role === 'client') {
        q.skip(4)
        return { kind: 'quickAck', token: word }
      }
      quickAck = true
      length = word & ~QUICK_ACK_BIT
    }
    checkLength(length, this.maxFrameSize, this.name)
    const payload = q.takeFrame(4, length)
    return payload && this.decodePayload(payload, quickAck)
  }

  /** Number of random bytes appended after the payload (none for plain intermediate). */
  protected paddingLength(): number {
    return 0
  }

  protected decodePayload(data: Buffer, quickAck: boolean): Frame {
    return classify(data, this.role, quickAck)
  }

  /** `[len | quickAck bit] payload padding`, where len counts payload and padding. */
  protected frame(payload: Uint8Array, padding: number, quickAck: boolean): Buffer {
    const length = payload.length + padding
    const out = Buffer.allocUnsafe(4 + length)
    out.writeUInt32LE((quickAck ? length | QUICK_ACK_BIT : length) >>> 0, 0)
    out.set(payload, 4)
    if (padding > 0) out.set(this.random(padding).subarray(0, padding), 4 + payload.length)
    return out
  }
}
