import type Long from 'long'
import { ID_MSG_CONTAINER, TlDecodeError } from '../tl/index.js'
import { readLong, writeLong } from './envelope.js'

/** One message inside a container (or a lone one): what seq_no and msg_id frame. */
export interface InnerMessage {
  msgId: Long
  seqNo: number
  body: Uint8Array
}

/** Telegram's limits for one container: 1020 messages, 1 MiB of content. */
export const CONTAINER_MAX_MESSAGES = 1020
export const CONTAINER_MAX_BYTES = 1024 * 1024 - 64

export function encodeContainer(messages: InnerMessage[]): Uint8Array {
  let size = 8
  for (const m of messages) size += 16 + m.body.length
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  view.setUint32(0, ID_MSG_CONTAINER, true)
  view.setUint32(4, messages.length, true)
  let pos = 8
  for (const m of messages) {
    writeLong(view, pos, m.msgId)
    view.setInt32(pos + 8, m.seqNo, true)
    view.setUint32(pos + 12, m.body.length, true)
    out.set(m.body, pos + 16)
    pos += 16 + m.body.length
  }
  return out
}

export function constructorOf(body: Uint8Array): number {
  if (body.length < 4) throw new TlDecodeError('message body shorter than a constructor id', 0)
  return new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true)
}

export function isContainer(body: Uint8Array): boolean {
  return body.length >= 4 && constructorOf(body) === ID_MSG_CONTAINER
}

/** Splits a msg_container into its messages; a container inside a container is refused. */
export function decodeContainer(body: Uint8Array): InnerMessage[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  if (body.length < 8) throw new TlDecodeError('truncated container', 0)
  const count = view.getUint32(4, true)
  if (count > CONTAINER_MAX_MESSAGES || count * 16 > body.length - 8) {
    throw new TlDecodeError(`container of ${count} messages in ${body.length} bytes`, 4)
  }
  const out: InnerMessage[] = []
  let pos = 8
  for (let i = 0; i < count; i++) {
    if (pos + 16 > body.length) throw new TlDecodeError('truncated container entry', pos)
    const length = view.getUint32(pos + 12, true)
    if (length % 4 !== 0 || pos + 16 + length > body.length) {
      throw new TlDecodeError(`container entry of ${length} bytes`, pos + 12)
    }
    const inner = body.subarray(pos + 16, pos + 16 + length)
    if (isContainer(inner)) throw new TlDecodeError('nested container', pos + 16)
    out.push({ msgId: readLong(view, pos), seqNo: view.getInt32(pos + 8, true), body: inner })
    pos += 16 + length
  }
  return out
}
