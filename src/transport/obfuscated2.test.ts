import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createCodec } from './codec.js'
import { detectTransport, looksLikeKnownProtocol } from './detect.js'
import { FramingError } from './errors.js'
import { acceptObfuscatedInit, createObfuscatedInit, normalizeSecret } from './obfuscated2.js'

const TAGS = {
  abridged: Uint8Array.of(0xef),
  intermediate: Uint8Array.of(0xee, 0xee, 0xee, 0xee),
  padded: Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd),
}

describe('createObfuscatedInit', () => {
  it('never produces a forbidden init (10k samples)', () => {
    for (let i = 0; i < 10_000; i++) {
      const { init } = createObfuscatedInit(TAGS.intermediate, 2)
      expect(init).toHaveLength(64)
      if (looksLikeKnownProtocol(init)) throw new Error(`forbidden init ${Buffer.from(init).toString('hex')}`)
      expect(detectTransport(init)).toEqual({ kind: 'obfuscated' })
    }
  })

  it('skips forbidden random draws', () => {
    const draws = [
      Buffer.alloc(64, 0xef),
      Buffer.concat([Buffer.from('eeeeeeee', 'hex'), Buffer.alloc(60, 1)]),
      Buffer.concat([Buffer.from('GET '), Buffer.alloc(60, 1)]),
      Buffer.concat([Buffer.alloc(4, 1), Buffer.alloc(4, 0), Buffer.alloc(56, 1)]),
      Buffer.alloc(64, 7),
    ]
    let calls = 0
    const { init } = createObfuscatedInit(TAGS.abridged, 1, (n) => draws[calls++]!.subarray(0, n))
    expect(calls).toBe(5)
    expect(Buffer.from(init.subarray(0, 56)).equals(Buffer.alloc(56, 7))).toBe(true)
  })

  it('gives up on a random source that only yields forbidden bytes', () => {
    expect(() => createObfuscatedInit(TAGS.abridged, 1, (n) => new Uint8Array(n))).toThrow(/forbidden/)
  })

  it('matches the documented construction (keys from the init and from the reversed init)', () => {
    const raw = randomBytes(64)
    raw[0] = 1
    raw[4] = 1
    const { init, encrypt } = createObfuscatedInit(TAGS.padded, -4, () => raw)
    // Independent re-implementation following core.telegram.org step by step.
    const plain = Buffer.from(raw)
    plain.set(TAGS.padded, 56)
    plain.writeInt16LE(-4, 60)
    const enc = createCipheriv('aes-256-ctr', plain.subarray(8, 40), plain.subarray(40, 56))
    const encrypted = enc.update(plain)
    const expected = Buffer.concat([plain.subarray(0, 56), encrypted.subarray(56, 64)])
    expect(Buffer.from(init).equals(expected)).toBe(true)
    const next = randomBytes(100)
    expect(Buffer.from(encrypt.update(next)).equals(enc.update(next))).toBe(true)
  })

  it('mixes an MTProxy secret into both keys', () => {
    const secret = randomBytes(16)
    const raw = randomBytes(64)
    raw[0] = 1
    raw[4] = 1
    const { init } = createObfuscatedInit(TAGS.padded, 2, () => raw, secret)
    const key = createHash('sha256').update(raw.subarray(8, 40)).update(secret).digest()
    const plain = Buffer.from(raw)
    plain.set(TAGS.padded, 56)
    plain.writeInt16LE(2, 60)
    const encrypted = createCipheriv('aes-256-ctr', key, raw.subarray(40, 56)).update(plain)
    expect(Buffer.from(init.subarray(56)).equals(encrypted.subarray(56))).toBe(true)
  })

  it('refuses Full (no tag) and out-of-range DC ids', () => {
    expect(() => createObfuscatedInit(new Uint8Array(0), 2)).toThrow(RangeError)
    expect(() => createObfuscatedInit(TAGS.abridged, 40000)).toThrow(RangeError)
  })
})

describe('acceptObfuscatedInit', () => {
  it.each(Object.entries(TAGS))('round-trips %s both ways', (name, tag) => {
    for (const dcId of [2, -2, 10004, -10005]) {
      const client = createObfuscatedInit(tag, dcId)
      const server = acceptObfuscatedInit(client.init)
      expect(server.name).toBe(name)
      expect(server.dcId).toBe(dcId)
      const up = randomBytes(1000)
      expect(Buffer.from(server.decrypt.update(client.encrypt.update(up))).equals(up)).toBe(true)
      const down = randomBytes(1000)
      expect(Buffer.from(client.decrypt.update(server.encrypt.update(down))).equals(down)).toBe(true)
    }
  })

  it('works with a secret, 17-byte dd secrets included, and rejects a wrong one', () => {
    const secret = randomBytes(16)
    const dd = Buffer.concat([Buffer.from([0xdd]), secret])
    const client = createObfuscatedInit(TAGS.padded, 3, undefined, dd)
    expect(acceptObfuscatedInit(client.init, secret).dcId).toBe(3)
    expect(() => acceptObfuscatedInit(client.init, randomBytes(16))).toThrow(FramingError)
    expect(() => acceptObfuscatedInit(client.init)).toThrow(FramingError)
    expect(() => normalizeSecret(randomBytes(15))).toThrow(RangeError)
  })

  it('rejects wrong lengths', () => {
    expect(() => acceptObfuscatedInit(new Uint8Array(63))).toThrow(FramingError)
  })
})

describe('interop with mtcute', () => {
  it('accepts an init made by mtcute ObfuscatedPacketCodec (MTProxy, media DC)', async () => {
    const { ObfuscatedPacketCodec, PaddedIntermediatePacketCodec } = await import('@mtcute/core')
    const secret = randomBytes(16)
    const provider = {
      randomBytes: (n: number) => randomBytes(n),
      sha256: (data: Uint8Array) => createHash('sha256').update(data).digest(),
      createAesCtr: (key: Uint8Array, iv: Uint8Array) => {
        const c = createCipheriv('aes-256-ctr', key, iv)
        return { process: (d: Uint8Array) => c.update(d), close: () => undefined }
      },
    }
    const codec = new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec(), {
      dcId: 4,
      media: true,
      test: false,
      secret,
    })
    type Setup = { setup(c: unknown): void; tag(): Promise<Uint8Array> }
    const mt = codec as unknown as Setup & { _encryptor: { process(d: Uint8Array): Uint8Array } }
    mt.setup(provider)
    const init = await mt.tag()
    const server = acceptObfuscatedInit(init, secret)
    expect(server.name).toBe('padded')
    expect(server.dcId).toBe(-4)
    const frame = createCodec('padded', 'client').encode(randomBytes(64))
    const serverCodec = createCodec('padded', 'server')
    serverCodec.push(server.decrypt.update(mt._encryptor.process(frame)))
    expect(serverCodec.next()?.kind).toBe('packet')
  })
})
