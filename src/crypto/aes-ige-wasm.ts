// AES-256-IGE from @mtcute/wasm, initialised synchronously on first use.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getWasmUrl, ige256Decrypt, ige256Encrypt, initSync } from '@mtcute/wasm'

let ready = false

function ensureWasm(): void {
  if (ready) return
  // initSync is a no-op if another module already initialised the shared instance.
  initSync(readFileSync(fileURLToPath(getWasmUrl())))
  ready = true
}

function run(
  fn: typeof ige256Encrypt,
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  out?: Uint8Array,
): Uint8Array {
  ensureWasm()
  const result = fn(data, key, iv)
  if (out === undefined) return result
  out.set(result)
  return out
}

export function wasmIgeEncrypt(
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  out?: Uint8Array,
): Uint8Array {
  return run(ige256Encrypt, data, key, iv, out)
}

export function wasmIgeDecrypt(
  data: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  out?: Uint8Array,
): Uint8Array {
  return run(ige256Decrypt, data, key, iv, out)
}
