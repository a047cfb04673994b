import Long from 'long'
import { MtprotoError } from './rpc-error.js'

/**
 * Unencrypted messages, used only by the key exchange:
 * auth_key_id = 0 (8) | msg_id (8) | message_data_length (4) | message_data.
 */
export function encodePlainMessage(msgId: Long, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + body.length)
  const view = new DataView(out.buffer)
  view.setInt32(8, msgId.low, true)
  view.setInt32(12, msgId.high, true)
  view.setUint32(16, body.length, true)
  out.set(body, 20)
  return out
}

export interface PlainMessage {
  msgId: Long
  body: Uint8Array
}

/**
 * Reads an unencrypted message. The transport may add padding after it (padded
 * intermediate), so trailing bytes past message_data_length are ignored.
 */
export function decodePlainMessage(packet: Uint8Array): PlainMessage {
  if (packet.length < 20) throw new MtprotoError(`plain message of ${packet.length} bytes`)
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength)
  if (view.getUint32(0, true) !== 0 || view.getUint32(4, true) !== 0) {
    throw new MtprotoError('plain message with a non-zero auth_key_id')
  }
  const msgId = Long.fromBits(view.getInt32(8, true), view.getInt32(12, true))
  const length = view.getUint32(16, true)
  if (length > packet.length - 20) throw new MtprotoError(`plain message claims ${length} bytes`)
  return { msgId, body: packet.subarray(20, 20 + length) }
}

/** Whether a transport packet is an unencrypted message (auth_key_id = 0). */
export function isPlainPacket(packet: Uint8Array): boolean {
  if (packet.length < 8) return false
  for (let i = 0; i < 8; i++) if (packet[i] !== 0) return false
  return true
}
