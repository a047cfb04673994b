/**
 * Padded intermediate transport
 * (https://core.telegram.org/mtproto/mtproto-transports#padded-intermediate).
 *
 *   [length of payload+padding (4 bytes LE)] payload [0–15 random bytes]
 *
 * Padding: the receiver cannot know where the payload ends, so `Frame.data` INCLUDES the
 * padding. The MTProto layer copes: an unencrypted message carries message_data_length;
 * an encrypted one has its length bounded by the AES block size — decrypt only
 * `floor((len - 24) / 16) * 16` bytes after auth_key_id+msg_key and ignore the rest
 * (the msg_key check then covers exactly the real plaintext). mtcute also leaves the
 * padding to its MTProto layer. Stripping `len % 4` here would only remove part of it.
 *
 * Quick ack request (client → server): top bit of the length, as in intermediate.
 * Quick ack token (server → client): a normal frame of 8–16 bytes:
 *   0xffffffff, token (4 bytes LE), 0–8 random bytes.
 * Transport error (server → client): a normal frame whose first int32 is negative and
 * is not -1, i.e. 4 bytes + up to 15 padding. We *send* errors unpadded (exactly 4
 * bytes) because some clients (mtcute) only recognise errors of length 4.
 * No MTProto packet is shorter than 24 bytes, so the client-side decoder classifies
 * every frame shorter than that by its first int32: -1 → quick ack, < 0 → error.
 */
import type { CodecOptions, Frame, TransportName } from './codec.js'
import { FramingError } from './errors.js'
import { ackToken, classify, int32At, type Role } from './frame-util.js'
import { IntermediateCodec } from './intermediate.js'

const TAG = new Uint8Array([0xdd, 0xdd, 0xdd, 0xdd])
/** Smallest possible MTProto packet: unencrypted, empty body (8 + 8 + 4 + 4). */
const MIN_PACKET = 24

export class PaddedIntermediateCodec extends IntermediateCodec {
  override readonly name: TransportName = 'padded'
  override readonly tag: Uint8Array = TAG

  constructor(role: Role, opts: CodecOptions = {}) {
    super(role, opts)
  }

  override encodeQuickAck(token: number): Uint8Array {
    if (this.role !== 'server') throw new RangeError('padded: only a server sends quick-ack tokens')
    const payload = Buffer.allocUnsafe(8)
    payload.writeUInt32LE(0xffffffff, 0)
    payload.writeUInt32LE(ackToken(token), 4)
    return this.frame(payload, this.randomByte() % 9, false)
  }

  protected override paddingLength(): number {
    return this.randomByte() & 15
  }

  protected override decodePayload(data: Buffer, quickAck: boolean): Frame {
    if (this.role === 'client' && data.length < MIN_PACKET && data.length >= 4) {
      const head = int32At(data)
      if (head === -1) {
        if (data.length < 8) throw new FramingError('padded: truncated quick-ack frame')
        return { kind: 'quickAck', token: data.readUInt32LE(4) }
      }
      if (head < 0) return { kind: 'error', code: head }
    }
    return classify(data, this.role, quickAck)
  }

  private randomByte(): number {
    return this.random(1)[0] ?? 0
  }
}
