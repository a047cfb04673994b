import Long from 'long'
import { MtprotoError } from './rpc-error.js'

/**
 * The plaintext inside an encrypted message (core.telegram.org/mtproto/description):
 * salt (8) | session_id (8) | msg_id (8) | seq_no (4) | message_data_length (4) | data | padding.
 */
export interface Envelope {
  salt: Long
  sessionId: Long
  msgId: Long
  seqNo: number
  body: Uint8Array
}

export const ENVELOPE_HEADER = 32

/** The 32 bytes before a message's body; encryption joins them with the body and pads. */
export function encodeEnvelopeHeader(e: Omit<Envelope, 'body'>, bodyLength: number): Uint8Array {
  const out = new Uint8Array(ENVELOPE_HEADER)
  const view = new DataView(out.buffer)
  writeLong(view, 0, e.salt)
  writeLong(view, 8, e.sessionId)
  writeLong(view, 16, e.msgId)
  view.setInt32(24, e.seqNo, true)
  view.setUint32(28, bodyLength, true)
  return out
}

/**
 * Reads a decrypted envelope, checking that the padding after the body is
 * 12–1024 bytes as MTProto 2.0 requires.
 */
export function decodeEnvelope(plain: Uint8Array): Envelope {
  if (plain.length < ENVELOPE_HEADER + 12) throw new MtprotoError('encrypted message too short')
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength)
  const length = view.getUint32(28, true)
  const padding = plain.length - ENVELOPE_HEADER - length
  if (length % 4 !== 0 || padding < 12 || padding > 1024) {
    throw new MtprotoError(`bad message_data_length ${length} for ${plain.length} bytes`)
  }
  return {
    salt: readLong(view, 0),
    sessionId: readLong(view, 8),
    msgId: readLong(view, 16),
    seqNo: view.getInt32(24, true),
    body: plain.subarray(ENVELOPE_HEADER, ENVELOPE_HEADER + length),
  }
}

export function writeLong(view: DataView, offset: number, value: Long): void {
  view.setInt32(offset, value.low, true)
  view.setInt32(offset + 4, value.high, true)
}

export function readLong(view: DataView, offset: number): Long {
  return Long.fromBits(view.getInt32(offset, true), view.getInt32(offset + 4, true))
}

/**
 * Drops the 0–15 bytes the padded intermediate transport may append: an
 * encrypted packet is auth_key_id (8) + msg_key (16) + whole AES blocks.
 */
export function withoutTransportPadding(packet: Uint8Array): Uint8Array {
  const blocks = Math.max(0, packet.length - 24) & ~15
  return blocks + 24 === packet.length ? packet : packet.subarray(0, 24 + blocks)
}
