/**
 * Server side: recognise the transport from the first bytes a client sends, the way
 * Telegram's servers do:
 *   0xef                      → abridged (1-byte tag)
 *   0xeeeeeeee                → intermediate (4-byte tag)
 *   0xdddddddd                → padded intermediate (4-byte tag)
 *   'POST', 'GET ', 'HEAD', 'OPTI' → HTTP transport (unsupported here → FramingError)
 *   0x16 0x03 0x01 0x02       → fake-TLS MTProxy (unsupported here → FramingError)
 *   bytes 4..8 all zero       → Full (seq no 0 of the first frame; no tag)
 *   anything else             → obfuscated2: a 64-byte random init follows
 * This is exactly why an obfuscated2 init must avoid those patterns (obfuscated2.ts).
 */
import type { TransportName } from './codec.js'
import { FramingError } from './errors.js'

export type Detection =
  /** `headerLength` bytes of tag to strip before the first frame (0 for Full). */
  | { kind: 'plain'; name: TransportName; headerLength: number }
  | { kind: 'obfuscated' }
  | { kind: 'need-more' }

const HTTP_WORDS = new Set([
  0x54534f50, // 'POST'
  0x20544547, // 'GET '
  0x44414548, // 'HEAD'
  0x4954504f, // 'OPTI'
])
const TLS_WORD = 0x02010316 // 16 03 01 02: TLS handshake record (fake-TLS MTProxy)

function word(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
}

/** Classifies the first bytes of a connection. Throws FramingError for HTTP and TLS. */
export function detectTransport(first: Uint8Array): Detection {
  if (first.length < 1) return { kind: 'need-more' }
  if (first[0] === 0xef) return { kind: 'plain', name: 'abridged', headerLength: 1 }
  if (first.length < 4) return { kind: 'need-more' }
  const w0 = word(first, 0)
  if (w0 === 0xeeeeeeee) return { kind: 'plain', name: 'intermediate', headerLength: 4 }
  if (w0 === 0xdddddddd) return { kind: 'plain', name: 'padded', headerLength: 4 }
  if (HTTP_WORDS.has(w0)) throw new FramingError('HTTP transport is not supported')
  if (w0 === TLS_WORD) throw new FramingError('fake-TLS transport is not supported')
  if (first.length < 8) return { kind: 'need-more' }
  if (word(first, 4) === 0) return { kind: 'plain', name: 'full', headerLength: 0 }
  return { kind: 'obfuscated' }
}

/** True when `init` (≥ 8 bytes) would be mistaken for a plain transport or HTTP/TLS. */
export function looksLikeKnownProtocol(init: Uint8Array): boolean {
  if (init[0] === 0xef) return true
  const w0 = word(init, 0)
  if (w0 === 0xeeeeeeee || w0 === 0xdddddddd || w0 === TLS_WORD || HTTP_WORDS.has(w0)) return true
  return word(init, 4) === 0
}
