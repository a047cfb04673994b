// Loads native/aes-ige (built by scripts/build-native.mjs at install time).
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** The addon's functions; `out` may alias `data` (in-place). */
export interface NativeIgeAddon {
  encrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array): Uint8Array
  decrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out?: Uint8Array): Uint8Array
  /** AES-256-CTR in place; `counter` and `keystream` carry the stream's state; returns the new `used` */
  ctr(data: Uint8Array, key: Uint8Array, counter: Uint8Array, keystream: Uint8Array, used: number): number
  /**
   * IGE decryption into `out` (may alias `data`, length ≥ 96) returning SHA-256(prefix ‖ plaintext)
   * from the same pass; only on CPUs with the SHA extensions.
   */
  decryptSha256?(
    data: Uint8Array,
    key: Uint8Array,
    iv: Uint8Array,
    prefix: Uint8Array,
    out: Uint8Array,
  ): Uint8Array
}

// src/crypto → repo root, and dist/crypto → package root alike.
const ADDON_URL = new URL('../../native/aes-ige/build/Release/tgfetch_aes_ige.node', import.meta.url)

let addon: NativeIgeAddon | null | undefined
let loadError: string | undefined

function isAddon(v: unknown): v is NativeIgeAddon {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return typeof o.encrypt === 'function' && typeof o.decrypt === 'function' && typeof o.ctr === 'function'
}

/** The addon, or null if it isn't built or can't load here (no AES-NI, other arch…). */
export function loadNativeIge(): NativeIgeAddon | null {
  if (addon !== undefined) return addon
  try {
    const require = createRequire(import.meta.url)
    const mod: unknown = require(fileURLToPath(ADDON_URL))
    if (!isAddon(mod)) throw new Error('unexpected exports')
    addon = mod
  } catch (err) {
    addon = null
    loadError = err instanceof Error ? err.message.split('\n')[0] : String(err)
  }
  return addon
}

/** Why the addon is unavailable (undefined when it loaded or was not tried). */
export function nativeIgeLoadError(): string | undefined {
  loadNativeIge()
  return loadError
}
