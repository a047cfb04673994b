import { createCipheriv } from 'node:crypto'
import { loadNativeIge } from './aes-ige-native.js'
import { asUint8Array } from './bytes.js'
import { CryptoError } from './errors.js'

/** A stateful AES-256-CTR keystream (obfuscated2 framing, CDN files). Encrypt = decrypt. */
export interface AesCtr {
  /** XORs `data` (any length) with the next bytes of the keystream, into a new array. */
  update(data: Uint8Array): Uint8Array
  /** The same, in `data` itself: no allocation (the native addon's AES-NI loop when it loaded). */
  updateInPlace(data: Uint8Array): void
}

/** AES-256-CTR with a 32-byte key and a 16-byte big-endian counter block. */
export function createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr {
  if (key.length !== 32)
    throw new CryptoError('INVALID_ARGUMENT', `AES-256-CTR key must be 32 bytes, got ${key.length}`)
  if (iv.length !== 16)
    throw new CryptoError('INVALID_ARGUMENT', `AES-CTR iv must be 16 bytes, got ${iv.length}`)
  const native = process.env.TGFETCH_IGE === 'wasm' ? null : loadNativeIge()
  if (native) {
    const k = new Uint8Array(key)
    const counter = new Uint8Array(iv)
    const keystream = new Uint8Array(16)
    let used = 16
    const updateInPlace = (data: Uint8Array): void => {
      used = native.ctr(data, k, counter, keystream, used)
    }
    return {
      update: (data) => {
        const out = new Uint8Array(data)
        updateInPlace(out)
        return out
      },
      updateInPlace,
    }
  }
  const cipher = createCipheriv('aes-256-ctr', key, iv)
  return {
    update: (data) => asUint8Array(cipher.update(data)),
    updateInPlace: (data) => data.set(cipher.update(data)),
  }
}

/** A CDN part's counter block: the file's IV with its last 4 bytes replaced by `offset / 16`, big-endian. */
export function cdnPartIv(iv: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(iv)
  new DataView(out.buffer).setUint32(12, Math.floor(offset / 16) >>> 0)
  return out
}
