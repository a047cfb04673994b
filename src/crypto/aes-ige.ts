// AES-256-IGE (MTProto's message cipher). Native AES-NI addon when it loads,
// @mtcute/wasm otherwise; TGFETCH_IGE=wasm forces the WebAssembly backend.

import { loadNativeIge } from './aes-ige-native.js'
import { wasmIgeDecrypt, wasmIgeEncrypt } from './aes-ige-wasm.js'
import { asUint8Array } from './bytes.js'
import { CryptoError } from './errors.js'

/**
 * AES-256-IGE with a fixed key and iv. Each call starts again from the iv
 * (MTProto never chains IGE across messages). Lengths must be multiples of 16.
 */
export interface AesIge {
  encrypt(data: Uint8Array): Uint8Array
  decrypt(data: Uint8Array): Uint8Array
}

export type IgeBackend = 'native' | 'wasm'

/** One IGE pass; writes into `out` (which may alias `data`) when given. */
export type IgeFunction = (data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array) => Uint8Array

/** IGE decryption into `out` returning SHA-256(prefix ‖ plaintext), in one pass. */
type IgeDecryptSha256 = (
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  prefix: Uint8Array,
  out: Uint8Array,
) => Uint8Array

interface IgeImpl {
  encrypt: IgeFunction
  decrypt: IgeFunction
  decryptSha256?: IgeDecryptSha256
}

const wasmImpl: IgeImpl = { encrypt: wasmIgeEncrypt, decrypt: wasmIgeDecrypt }

function nativeImpl(): IgeImpl | null {
  const addon = loadNativeIge()
  if (addon === null) return null
  const fused = addon.decryptSha256
  return {
    encrypt: (data, key, iv, out) => asUint8Array(addon.encrypt(data, key, iv, out)),
    decrypt: (data, key, iv, out) => asUint8Array(addon.decrypt(data, key, iv, out)),
    decryptSha256: fused && ((data, key, iv, prefix, out) => asUint8Array(fused(data, key, iv, prefix, out))),
  }
}

let selected: { backend: IgeBackend; impl: IgeImpl } | undefined

function select(): { backend: IgeBackend; impl: IgeImpl } {
  if (selected !== undefined) return selected
  const forced = process.env.TGFETCH_IGE
  const native = forced === 'wasm' ? null : nativeImpl()
  if (forced === 'native' && native === null) {
    throw new CryptoError(
      'INVALID_ARGUMENT',
      'TGFETCH_IGE=native but the native AES-IGE addon is unavailable',
    )
  }
  selected = native === null ? { backend: 'wasm', impl: wasmImpl } : { backend: 'native', impl: native }
  return selected
}

/** Which implementation createAesIge uses in this process. */
export function igeBackend(): IgeBackend {
  return select().backend
}

function checkArgs(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array): void {
  if (key.length !== 32)
    throw new CryptoError('INVALID_ARGUMENT', `AES-256-IGE key must be 32 bytes, got ${key.length}`)
  if (iv.length !== 32)
    throw new CryptoError('INVALID_ARGUMENT', `AES-IGE iv must be 32 bytes, got ${iv.length}`)
  if (data.length % 16 !== 0) {
    throw new CryptoError('IGE_INVALID_LENGTH', `AES-IGE data length ${data.length} is not a multiple of 16`)
  }
  if (out !== undefined && out.length < data.length) {
    throw new CryptoError('INVALID_ARGUMENT', 'AES-IGE output buffer is too small')
  }
}

function wrap(impl: IgeImpl, key: Uint8Array, iv: Uint8Array): AesIge {
  checkArgs(new Uint8Array(0), key, iv)
  const k = Uint8Array.from(key)
  const v = Uint8Array.from(iv)
  return {
    encrypt(data) {
      checkArgs(data, k, v)
      return impl.encrypt(data, k, v)
    },
    decrypt(data) {
      checkArgs(data, k, v)
      return impl.decrypt(data, k, v)
    },
  }
}

/** AES-256-IGE on the preferred backend (see igeBackend()). key and iv: 32 bytes each. */
export function createAesIge(key: Uint8Array, iv: Uint8Array): AesIge {
  return wrap(select().impl, key, iv)
}

/** AES-256-IGE on @mtcute/wasm, whatever the preferred backend. */
export function createWasmAesIge(key: Uint8Array, iv: Uint8Array): AesIge {
  return wrap(wasmImpl, key, iv)
}

/** AES-256-IGE on the native addon, or null if the addon isn't built / can't load. */
export function createNativeAesIge(key: Uint8Array, iv: Uint8Array): AesIge | null {
  const impl = nativeImpl()
  return impl === null ? null : wrap(impl, key, iv)
}

/** One-shot encryption without an AesIge object; `out` may alias `data`. */
export function igeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array): Uint8Array {
  checkArgs(data, key, iv, out)
  return select().impl.encrypt(data, key, iv, out)
}

/** One-shot decryption without an AesIge object; `out` may alias `data`. */
export function igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array): Uint8Array {
  checkArgs(data, key, iv, out)
  return select().impl.decrypt(data, key, iv, out)
}

/** Shortest input of the one-pass decrypt-and-hash (any MTProto message but the tiniest). */
export const IGE_SHA256_MIN_LENGTH = 96

/**
 * IGE decryption that also hashes the plaintext: SHA-256(prefix ‖ plaintext),
 * MTProto's msg_key check, from the same pass over the data (the native
 * addon on CPUs with SHA extensions, where the hash then costs next to
 * nothing). Undefined when this process has no such pass or `data` is
 * shorter than IGE_SHA256_MIN_LENGTH: the caller decrypts and hashes apart.
 */
export function igeDecryptSha256(
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  prefix: Uint8Array,
  out?: Uint8Array,
): { plaintext: Uint8Array; digest: Uint8Array } | undefined {
  const fused = select().impl.decryptSha256
  if (fused === undefined || data.length < IGE_SHA256_MIN_LENGTH) return undefined
  checkArgs(data, key, iv, out)
  if (prefix.length !== 32)
    throw new CryptoError('INVALID_ARGUMENT', `hash prefix must be 32 bytes, got ${prefix.length}`)
  const plaintext = out ?? new Uint8Array(data.length)
  return { plaintext, digest: fused(data, key, iv, prefix, plaintext) }
}
