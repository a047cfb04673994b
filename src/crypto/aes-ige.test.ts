import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import {
  type AesIge,
  createAesIge,
  createNativeAesIge,
  createWasmAesIge,
  IGE_SHA256_MIN_LENGTH,
  igeBackend,
  igeDecrypt,
  igeDecryptSha256,
  igeEncrypt,
} from './aes-ige.js'
import { loadNativeIge, nativeIgeLoadError } from './aes-ige-native.js'
import { bytesToHex, concatBytes, hexToBytes } from './bytes.js'
import { sha1 } from './hash.js'
import * as S from './samples.test-helper.js'

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

// Independent reference: IGE built block by block on node's AES-256-ECB.
function referenceIge(mode: 'enc' | 'dec', data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const ecb =
    mode === 'enc' ? createCipheriv('aes-256-ecb', key, null) : createDecipheriv('aes-256-ecb', key, null)
  ecb.setAutoPadding(false)
  const out = new Uint8Array(data.length)
  let x = iv.subarray(0, 16) // previous ciphertext block
  let y = iv.subarray(16, 32) // previous plaintext block
  for (let off = 0; off < data.length; off += 16) {
    const block = data.subarray(off, off + 16)
    const input = new Uint8Array(16)
    const chainIn = mode === 'enc' ? x : y
    const chainOut = mode === 'enc' ? y : x
    for (let i = 0; i < 16; i++) input[i] = block[i]! ^ chainIn[i]!
    const mid = ecb.update(input)
    for (let i = 0; i < 16; i++) out[off + i] = mid[i]! ^ chainOut[i]!
    const produced = out.subarray(off, off + 16)
    if (mode === 'enc') {
      x = produced
      y = block
    } else {
      x = block
      y = produced
    }
  }
  return out
}

const sampleKey = hexToBytes(S.SAMPLE_TMP_AES_KEY)
const sampleIv = hexToBytes(S.SAMPLE_TMP_AES_IV)
const clientDhPlain = concatBytes(
  sha1(hexToBytes(S.SAMPLE_CLIENT_DH_INNER_DATA)),
  hexToBytes(S.SAMPLE_CLIENT_DH_INNER_DATA),
  hexToBytes(S.SAMPLE_CLIENT_DH_PADDING),
)

const nativeProbe = createNativeAesIge(new Uint8Array(32), new Uint8Array(32))
const nativeNote = nativeProbe === null ? ` [SKIPPED: native addon unavailable: ${nativeIgeLoadError()}]` : ''

const backends: [string, (key: Uint8Array, iv: Uint8Array) => AesIge | null][] = [
  ['wasm', createWasmAesIge],
  [`native${nativeNote}`, createNativeAesIge],
  ['preferred', createAesIge],
]

describe.each(backends)('AES-256-IGE %s', (_name, create) => {
  const available = create(sampleKey, sampleIv) !== null
  const make = (key: Uint8Array, iv: Uint8Array): AesIge => create(key, iv)!

  it.skipIf(!available)('decrypts server_DH_params_ok.encrypted_answer of the auth key sample', () => {
    const plain = make(sampleKey, sampleIv).decrypt(hexToBytes(S.SAMPLE_ENCRYPTED_ANSWER))
    expect(bytesToHex(plain).toUpperCase()).toBe(S.SAMPLE_ANSWER_WITH_HASH)
  })

  it.skipIf(!available)('encrypts client_DH_inner_data of the auth key sample', () => {
    const enc = make(sampleKey, sampleIv).encrypt(clientDhPlain)
    expect(bytesToHex(enc).toUpperCase()).toBe(S.SAMPLE_CLIENT_DH_ENCRYPTED)
    expect(make(sampleKey, sampleIv).decrypt(enc)).toEqual(clientDhPlain)
  })

  it.skipIf(!available)('matches an ECB-based reference on random data', () => {
    for (const blocks of [0, 1, 2, 3, 17, 64, 1000]) {
      const key = randomBytes(32)
      const iv = randomBytes(32)
      const data = new Uint8Array(randomBytes(blocks * 16))
      const ige = make(key, iv)
      const enc = ige.encrypt(data)
      expect(enc).toEqual(referenceIge('enc', data, key, iv))
      expect(ige.decrypt(enc)).toEqual(data)
      expect(ige.decrypt(data)).toEqual(referenceIge('dec', data, key, iv))
    }
  })

  it.skipIf(!available)('rejects bad lengths', () => {
    expect(() => make(sampleKey, sampleIv).encrypt(new Uint8Array(15))).toThrow(/IGE_INVALID_LENGTH/)
    expect(() => create(new Uint8Array(16), sampleIv)).toThrow(/32 bytes/)
    expect(() => create(sampleKey, new Uint8Array(16))).toThrow(/32 bytes/)
  })

  it.skipIf(!available)('returns plain Uint8Arrays and leaves the input alone', () => {
    const data = new Uint8Array(randomBytes(64))
    const copy = Uint8Array.from(data)
    const out = make(sampleKey, sampleIv).encrypt(data)
    expect(out.constructor).toBe(Uint8Array)
    expect(data).toEqual(copy)
  })
})

describe('native vs wasm', () => {
  it.skipIf(nativeProbe === null)(`produce identical bytes on random inputs${nativeNote}`, () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(32)
      const iv = randomBytes(32)
      const data = randomBytes(16 * ((i * 7) % 97))
      const n = createNativeAesIge(key, iv)!
      const w = createWasmAesIge(key, iv)
      expect(same(n.encrypt(data), w.encrypt(data))).toBe(true)
      expect(same(n.decrypt(data), w.decrypt(data))).toBe(true)
    }
    const big = randomBytes(512 * 1024)
    const key = randomBytes(32)
    const iv = randomBytes(32)
    expect(same(createNativeAesIge(key, iv)!.decrypt(big), createWasmAesIge(key, iv).decrypt(big))).toBe(true)
    expect(same(createNativeAesIge(key, iv)!.encrypt(big), createWasmAesIge(key, iv).encrypt(big))).toBe(true)
  })

  it.runIf(process.env.CI !== undefined)('the addon is built in CI', () => {
    expect(loadNativeIge(), nativeIgeLoadError()).not.toBeNull()
  })
})

describe('igeDecryptSha256: IGE decryption and SHA-256(prefix ‖ plaintext) in one pass', () => {
  const shaNi = process.platform === 'linux' && /\bsha_ni\b/.test(readFileSync('/proc/cpuinfo', 'utf8'))
  const fused = loadNativeIge()?.decryptSha256 !== undefined
  const digestOf = (prefix: Uint8Array, plaintext: Uint8Array): string =>
    createHash('sha256').update(prefix).update(plaintext).digest('hex')

  it.runIf(loadNativeIge() !== null && shaNi)(
    'is there where the native addon runs on a CPU with SHA extensions',
    () => {
      expect(fused).toBe(true)
    },
  )

  it.skipIf(!fused)('matches IGE then SHA-256 at every length and block alignment of the hash', () => {
    // every length up to 4 KiB (each tail of the interleaved loop, each place of the
    // last SHA block), and a 1 MiB answer
    const lengths = [
      ...Array.from({ length: 251 }, (_, i) => IGE_SHA256_MIN_LENGTH + 16 * i),
      1024 * 1024 + 48,
    ]
    for (const length of lengths) {
      const data = randomBytes(length)
      const key = randomBytes(32)
      const iv = randomBytes(32)
      const prefix = randomBytes(32)
      const expected = referenceIge('dec', data, key, iv)
      const got = igeDecryptSha256(data, key, iv, prefix)!
      expect(bytesToHex(got.plaintext)).toBe(bytesToHex(expected))
      expect(bytesToHex(got.digest)).toBe(digestOf(prefix, expected))
    }
  })

  it.skipIf(!fused)('decrypts in place through `out`', () => {
    const data = new Uint8Array(randomBytes(4096 + 16))
    const key = randomBytes(32)
    const iv = randomBytes(32)
    const prefix = randomBytes(32)
    const expected = referenceIge('dec', data, key, iv)
    const got = igeDecryptSha256(data, key, iv, prefix, data)!
    expect(got.plaintext).toBe(data)
    expect(same(data, expected)).toBe(true)
    expect(bytesToHex(got.digest)).toBe(digestOf(prefix, expected))
  })

  it('declines what it cannot do: shorter input, or no one-pass backend (the caller hashes apart)', () => {
    const key = randomBytes(32)
    const iv = randomBytes(32)
    expect(
      igeDecryptSha256(randomBytes(IGE_SHA256_MIN_LENGTH - 16), key, iv, randomBytes(32)),
    ).toBeUndefined()
    if (fused) {
      expect(() => igeDecryptSha256(randomBytes(128), key, iv, randomBytes(16))).toThrow(
        'prefix must be 32 bytes',
      )
      expect(() => igeDecryptSha256(randomBytes(120), key, iv, randomBytes(32))).toThrow('multiple of 16')
    }
  })
})

describe('one-shot igeEncrypt / igeDecrypt', () => {
  it('work in place through `out`', () => {
    const key = randomBytes(32)
    const iv = randomBytes(32)
    const data = new Uint8Array(randomBytes(4096))
    const expected = referenceIge('enc', data, key, iv)
    const buf = Uint8Array.from(data)
    expect(igeEncrypt(buf, key, iv, buf)).toBe(buf)
    expect(buf).toEqual(expected)
    igeDecrypt(buf, key, iv, buf)
    expect(buf).toEqual(data)
  })

  it('write into a subarray', () => {
    const key = randomBytes(32)
    const iv = randomBytes(32)
    const data = new Uint8Array(randomBytes(64))
    const target = new Uint8Array(100)
    igeEncrypt(data, key, iv, target.subarray(24))
    expect(target.subarray(24, 88)).toEqual(referenceIge('enc', data, key, iv))
    expect(target.subarray(0, 24)).toEqual(new Uint8Array(24))
  })

  it('reject a too-small output', () => {
    expect(() => igeEncrypt(new Uint8Array(32), sampleKey, sampleIv, new Uint8Array(16))).toThrow(/too small/)
  })
})

describe('backend selection', () => {
  it('prefers native when it loads', () => {
    const forcedWasm = process.env.TGFETCH_IGE === 'wasm'
    expect(igeBackend()).toBe(forcedWasm || nativeProbe === null ? 'wasm' : 'native')
  })

  it('TGFETCH_IGE=wasm forces the wasm backend', async () => {
    const saved = process.env.TGFETCH_IGE
    process.env.TGFETCH_IGE = 'wasm'
    try {
      vi.resetModules()
      const fresh = await import('./aes-ige.js')
      expect(fresh.igeBackend()).toBe('wasm')
      const plain = fresh.createAesIge(sampleKey, sampleIv).decrypt(hexToBytes(S.SAMPLE_ENCRYPTED_ANSWER))
      expect(bytesToHex(plain).toUpperCase()).toBe(S.SAMPLE_ANSWER_WITH_HASH)
      // no one-pass decrypt-and-hash there: callers hash apart
      expect(fresh.igeDecryptSha256(randomBytes(128), sampleKey, sampleIv, randomBytes(32))).toBeUndefined()
    } finally {
      if (saved === undefined) delete process.env.TGFETCH_IGE
      else process.env.TGFETCH_IGE = saved
      vi.resetModules()
    }
  })
})
