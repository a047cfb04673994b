/**
 * HTTP transport (core.telegram.org/mtproto/transports#http): each request body is
 * one MTProto packet, each response body one packet (or nothing). Requests carry no
 * connection of their own, so the server files each under the conversation it belongs
 * to: the key exchange by its nonce, an encrypted message by auth key and session.
 */
import { deriveAesKeyIv, igeDecrypt } from '../../crypto/index.js'

export type Route =
  /** a request to hand to the conversation named `key` */
  | { kind: 'conversation'; key: string }
  /** an encrypted message for an auth key the server does not know (Telegram answers -404) */
  | { kind: 'unknown-key' }
  /** not an MTProto packet */
  | { kind: 'malformed' }

/** auth_key_id (8) + msg_id (8) + length (4) + constructor (4) + nonce (16) */
const PLAIN_ROUTE_LENGTH = 40
/** auth_key_id (8) + msg_key (16) + at least salt + session_id + msg_id + seq_no + length */
const ENCRYPTED_MIN_LENGTH = 24 + 32

/**
 * Where a request body belongs. An encrypted message's session id is read by
 * decrypting its first AES block only; the session checks the whole message later,
 * so a forged one at worst opens a conversation that is then refused.
 */
export function routeOf(body: Uint8Array, keyOf: (authKeyId: Uint8Array) => Uint8Array | undefined): Route {
  if (body.length < 8) return { kind: 'malformed' }
  const keyId = body.subarray(0, 8)
  if (keyId.every((b) => b === 0)) {
    if (body.length < PLAIN_ROUTE_LENGTH) return { kind: 'malformed' }
    // every key exchange request starts with the client's nonce: one conversation per exchange
    return { kind: 'conversation', key: `plain:${hex(body.subarray(24, 40))}` }
  }
  if (body.length < ENCRYPTED_MIN_LENGTH || (body.length - 24) % 16 !== 0) return { kind: 'malformed' }
  const authKey = keyOf(keyId)
  if (!authKey) return { kind: 'unknown-key' }
  const { key, iv } = deriveAesKeyIv(authKey, body.subarray(8, 24), 0)
  const firstBlock = igeDecrypt(body.subarray(24, 40), key, iv)
  return { kind: 'conversation', key: `${hex(keyId)}:${hex(firstBlock.subarray(8, 16))}` }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
}

/** What a response means to the client: a packet, nothing (a long poll ran out), or a transport error. */
export type Answer =
  | { kind: 'packet'; packet: Uint8Array }
  | { kind: 'empty' }
  | { kind: 'error'; code: number }

/** Reads a response: 200 with a packet or nothing; 404 or a 4-byte negative body is a transport error. */
export function answerOf(status: number, body: Uint8Array): Answer {
  if (body.length === 4) {
    const code = Buffer.from(body.buffer, body.byteOffset, 4).readInt32LE(0)
    if (code < 0) return { kind: 'error', code }
  }
  if (status === 404) return { kind: 'error', code: -404 }
  if (status !== 200) return { kind: 'error', code: -status }
  return body.length === 0 ? { kind: 'empty' } : { kind: 'packet', packet: body }
}

/** The body the server sends for a transport error (its code as a negative int32, as in TCP frames). */
export function errorBody(code: number): Buffer {
  const body = Buffer.alloc(4)
  body.writeInt32LE(-Math.abs(code), 0)
  return body
}
