/**
 * Abridged transport (https://core.telegram.org/mtproto/mtproto-transports#abridged).
 *
 *   len/4 < 127:  [len/4 (1 byte)] payload
 *   otherwise:    [0x7f] [len/4 (3 bytes LE)] payload
 *
 * Quick ack request (client → server): the top bit of the first byte is set
 * (short form `len/4 | 0x80`, long form header 0xff).
 * Quick ack token (server → client): the 4 token bytes byte-swapped, with no header.
 * The client tells it apart because the server never sends a first byte ≥ 0x80
 * (its headers are ≤ 0x7f) while a swapped token starts with the token's top byte,
 * whose high bit is always set.
 * Transport error (server → client): a normal frame with a 4-byte negative int32.
 */
import type { CodecOptions, Frame, FrameCodec } from './codec.js'
import { CodecBase } from './codec-base.js'
import { ackToken, checkLength, checkOutgoing, classify, errorCode, type Role } from './frame-util.js'

const TAG = new Uint8Array([0xef])
const MAX_WORDS = 0xffffff

export class AbridgedCodec extends CodecBase implements FrameCodec {
  readonly name = 'abridged' as const
  readonly tag = TAG

  constructor(role: Role, opts: CodecOptions = {}) {
    super(role, opts, MAX_WORDS * 4)
  }

  encode(payload: Uint8Array, opts?: { quickAck?: boolean }): Uint8Array {
    checkOutgoing(payload, this.maxFrameSize, 'abridged')
    if (payload.length % 4 !== 0) throw new RangeError('abridged: payload length must be a multiple of 4')
    const quickAck = opts?.quickAck === true
    if (quickAck && this.role !== 'client')
      throw new RangeError('abridged: only a client requests quick acks')
    const words = payload.length / 4
    if (words < 0x7f) {
      const out = Buffer.allocUnsafe(1 + payload.length)
      out[0] = quickAck ? words | 0x80 : words
      out.set(payload, 1)
      return out
    }
    const out = Buffer.allocUnsafe(4 + payload.length)
    out[0] = quickAck ? 0xff : 0x7f
    out.writeUIntLE(words, 1, 3)
    out.set(payload, 4)
    return out
  }

  encodeQuickAck(token: number): Uint8Array {
    if (this.role !== 'server') throw new RangeError('abridged: only a server sends quick-ack tokens')
    const out = Buffer.allocUnsafe(4)
    out.writeUInt32BE(ackToken(token), 0)
    return out
  }

  encodeError(code: number): Uint8Array {
    const out = Buffer.allocUnsafe(5)
    out[0] = 1
    out.writeInt32LE(errorCode(code), 1)
    return out
  }

  next(): Frame | null {
    const q = this.queue
    if (q.length < 1) return null
    const first = q.byteAt(0)

    if (this.role === 'client' && first & 0x80) {
      if (q.length < 4) return null
      const token = ((first << 24) | (q.byteAt(1) << 16) | (q.byteAt(2) << 8) | q.byteAt(3)) >>> 0
      q.skip(4)
      return { kind: 'quickAck', token }
    }

    const quickAck = (first & 0x80) !== 0
    const short = first & 0x7f
    let header = 1
    let words = short
    if (short === 0x7f) {
      if (q.length < 4) return null
      header = 4
      words = q.byteAt(1) | (q.byteAt(2) << 8) | (q.byteAt(3) << 16)
    }
    const length = words * 4
    checkLength(length, this.maxFrameSize, 'abridged')
    const payload = q.takeFrame(header, length)
    return payload && classify(payload, this.role, quickAck)
  }
}
