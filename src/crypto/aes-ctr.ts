import { createCipheriv } from 'node:crypto'
import { asUint8Array } from './bytes.js'
import { CryptoError } from './errors.js'

/** A stateful AES-256-CTR keystream (obfuscated2 framing, CDN files). Encrypt = decrypt. */
export interface AesCtr {
  /** XORs `data` (any length) with the next bytes of the keystream. */
  update(data: Uint8Array): Uint8Array
}

/** AES-256-CTR with a 32-byte key and a 16-byte big-endian counter block. */
export function createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr {
  if (key.length !== 32)
    throw new CryptoError('INVALID_ARGUMENT', `AES-256-CTR key must be 32 bytes, got ${key.length}`)
  if (iv.length !== 16)
    throw new CryptoError('INVALID_ARGUMENT', `AES-CTR iv must be 16 bytes, got ${iv.length}`)
  const cipher = createCipheriv('aes-256-ctr', key, iv)
  return {
    update: (data) => asUint8Array(cipher.update(data)),
  }
}

/** A CDN part's counter block: the file's IV with its last 4 bytes replaced by `offset / 16`, big-endian. */
export function cdnPartIv(iv: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(iv)
  new DataView(out.buffer).setUint32(12, Math.floor(offset / 16) >>> 0)
  return out
}
