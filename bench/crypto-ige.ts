// AES-256-IGE throughput, native addon vs @mtcute/wasm; AES-256-CTR, ours vs node's; and a
// received message's decryption with its msg_key hash: one pass (native) vs decrypt then hash.
// Run: npx tsx bench/crypto-ige.ts
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { createAesCtr } from '../src/crypto/aes-ctr.js'
import {
  type AesIge,
  createNativeAesIge,
  createWasmAesIge,
  igeDecrypt,
  igeDecryptSha256,
} from '../src/crypto/aes-ige.js'
import { loadNativeIge, nativeIgeLoadError } from '../src/crypto/aes-ige-native.js'

const SIZE = 1 << 20
const SECONDS = 1

function measure(label: string, fn: () => void): void {
  fn() // warm up
  let rounds = 0
  const start = performance.now()
  let elapsed = 0
  do {
    fn()
    rounds++
    elapsed = performance.now() - start
  } while (elapsed < SECONDS * 1000)
  const mbps = (rounds * SIZE) / (elapsed / 1000) / 1e6
  console.log(`${label}: ${mbps.toFixed(1)} MB/s`)
}

const data = new Uint8Array(randomBytes(SIZE))
const key = new Uint8Array(randomBytes(32))
const iv = new Uint8Array(randomBytes(32))

const backends: [string, AesIge | null][] = [
  ['native', createNativeAesIge(key, iv)],
  ['wasm', createWasmAesIge(key, iv)],
]

for (const [name, ige] of backends) {
  if (ige === null) {
    console.log(`ige-decrypt ${name}: unavailable (${nativeIgeLoadError() ?? 'not built'})`)
    console.log(`ige-encrypt ${name}: unavailable`)
    continue
  }
  measure(`ige-decrypt ${name}`, () => ige.decrypt(data))
  measure(`ige-encrypt ${name}`, () => ige.encrypt(data))
}

const ctr = createAesCtr(key, iv.subarray(0, 16))
measure(`aes-256-ctr in place (${loadNativeIge() ? 'native addon' : 'node:crypto'})`, () =>
  ctr.updateInPlace(data),
)
const nodeCtr = createCipheriv('aes-256-ctr', key, iv.subarray(0, 16))
measure('aes-256-ctr node:crypto', () => nodeCtr.update(data))

const prefix = new Uint8Array(randomBytes(32))
const out = new Uint8Array(SIZE)
if (igeDecryptSha256(data, key, iv, prefix, out) === undefined) {
  console.log('ige-decrypt+sha256 one pass: unavailable (no native addon, or no SHA extensions)')
} else {
  measure('ige-decrypt+sha256 one pass', () => igeDecryptSha256(data, key, iv, prefix, out))
}
measure('ige-decrypt, then sha256', () => {
  igeDecrypt(data, key, iv, out)
  createHash('sha256').update(prefix).update(out).digest()
})
