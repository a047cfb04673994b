/**
 * obfuscated2 (https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation).
 *
 * The client sends a 64-byte init: 56 random bytes, the 4-byte transport tag at 56..60,
 * the DC id (signed int16 LE, negative for media DCs) at 60..62, 2 random bytes. Keys:
 * client→server = AES-256-CTR(key init[8..40], iv init[40..56]); server→client uses the
 * same 48 bytes reversed. With an MTProxy secret each key becomes SHA256(key ‖ secret).
 * The init itself is the first thing encrypted; bytes 56..64 are sent encrypted, the rest
 * in clear. Both CTR streams then continue for the whole connection.
 */
import { createHash } from 'node:crypto'
import { type AesCtr as Cipher, createAesCtr } from '../crypto/index.js'
import type { TransportName } from './codec.js'
import { looksLikeKnownProtocol } from './detect.js'
import { FramingError } from './errors.js'
import { defaultRandom, type RandomSource } from './frame-util.js'

export const INIT_LENGTH = 64
const MAX_ATTEMPTS = 10_000

const TAGS: ReadonlyMap<number, TransportName> = new Map([
  [0xefefefef, 'abridged'],
  [0xeeeeeeee, 'intermediate'],
  [0xdddddddd, 'padded'],
])

export interface ObfuscatedInit {
  /** The 64 bytes to send first. */
  init: Uint8Array
  /** Client → server stream (already advanced past the init). */
  encrypt: Cipher
  /** Server → client stream. */
  decrypt: Cipher
}

export interface AcceptedInit {
  /** The 4-byte tag found in the init (0xefefefef for abridged). */
  tag: Uint8Array
  name: TransportName
  /** As sent by the client; some clients (GramJS) leave random bytes here. */
  dcId: number
  /** Server → client stream. */
  encrypt: Cipher
  /** Client → server stream (already advanced past the init). */
  decrypt: Cipher
}

/** 16-byte MTProxy secret; 17+ byte forms ('dd…', 'ee…' + domain) drop the first byte. */
export function normalizeSecret(secret: Uint8Array): Uint8Array {
  if (secret.length === 16) return secret
  if (secret.length > 16) return secret.subarray(1, 17)
  throw new RangeError(`MTProxy secret must be at least 16 bytes, got ${secret.length}`)
}

function streamKeys(init: Uint8Array, secret?: Uint8Array): { forward: Cipher; backward: Cipher } {
  const reversed = Buffer.from(init.subarray(8, 56)).reverse()
  let forwardKey: Uint8Array = init.subarray(8, 40)
  let backwardKey: Uint8Array = reversed.subarray(0, 32)
  if (secret) {
    const s = normalizeSecret(secret)
    forwardKey = createHash('sha256').update(forwardKey).update(s).digest()
    backwardKey = createHash('sha256').update(backwardKey).update(s).digest()
  }
  return {
    forward: createAesCtr(forwardKey, init.subarray(40, 56)),
    backward: createAesCtr(backwardKey, reversed.subarray(32, 48)),
  }
}

/** Expands a transport tag to its 4-byte obfuscated2 form (0xef → 0xefefefef). */
export function obfuscatedTag(tag: Uint8Array): Uint8Array {
  if (tag.length === 1) return new Uint8Array([tag[0]!, tag[0]!, tag[0]!, tag[0]!])
  if (tag.length === 4) return tag
  throw new RangeError('this transport has no obfuscated2 tag (Full cannot be obfuscated)')
}

/** Client side: builds the init and both cipher streams. */
export function createObfuscatedInit(
  tag: Uint8Array,
  dcId: number,
  random: RandomSource = defaultRandom,
  secret?: Uint8Array,
): ObfuscatedInit {
  const tag4 = obfuscatedTag(tag)
  if (!Number.isInteger(dcId) || dcId < -0x8000 || dcId > 0x7fff) {
    throw new RangeError(`dcId ${dcId} does not fit a signed int16`)
  }
  const init = Buffer.alloc(INIT_LENGTH)
  for (let attempt = 0; ; attempt++) {
    if (attempt === MAX_ATTEMPTS) throw new Error('random source keeps producing forbidden obfuscated2 inits')
    const bytes = random(INIT_LENGTH)
    if (bytes.length < INIT_LENGTH) throw new RangeError('random source returned too few bytes')
    init.set(bytes.subarray(0, INIT_LENGTH))
    if (!looksLikeKnownProtocol(init)) break
  }
  const { forward, backward } = streamKeys(init, secret)
  init.set(tag4, 56)
  init.writeInt16LE(dcId, 60)
  const encrypted = forward.update(init)
  init.set(encrypted.subarray(56, 64), 56)
  return { init, encrypt: forward, decrypt: backward }
}

/** Server side: parses a client's 64-byte init. Throws FramingError on an unknown tag. */
export function acceptObfuscatedInit(init: Uint8Array, secret?: Uint8Array): AcceptedInit {
  if (init.length !== INIT_LENGTH) throw new FramingError(`obfuscated2 init must be ${INIT_LENGTH} bytes`)
  const { forward, backward } = streamKeys(init, secret)
  const plain = Buffer.from(forward.update(init))
  const name = TAGS.get(plain.readUInt32LE(56))
  if (name === undefined) throw new FramingError('obfuscated2: unknown transport tag (or wrong secret)')
  return {
    tag: plain.subarray(56, 60),
    name,
    dcId: plain.readInt16LE(60),
    encrypt: backward,
    decrypt: forward,
  }
}
