import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createCodec, type Frame, type FrameCodec, TRANSPORT_NAMES, type TransportName } from './codec.js'
import { FramingError } from './errors.js'

const SIZES = [4, 8, 24, 500, 504, 508, 512, 1024, 65_536, 1024 * 1024]

function drain(codec: FrameCodec): Frame[] {
  const out: Frame[] = []
  for (let f = codec.next(); f !== null; f = codec.next()) out.push(f)
  return out
}

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts)
}

/** The payload as the receiver sees it: padded transport may append up to 15 bytes. */
function expectPayload(name: TransportName, got: Uint8Array, sent: Uint8Array): void {
  if (name === 'padded') {
    expect(got.length - sent.length).toBeGreaterThanOrEqual(0)
    expect(got.length - sent.length).toBeLessThanOrEqual(15)
    expect(Buffer.from(got.subarray(0, sent.length)).equals(sent)).toBe(true)
  } else {
    expect(Buffer.from(got).equals(sent)).toBe(true)
  }
}

describe.each(TRANSPORT_NAMES)('%s codec', (name) => {
  it('round-trips client → server and server → client for many sizes', () => {
    const client = createCodec(name, 'client')
    const server = createCodec(name, 'server')
    for (const size of SIZES) {
      const up = randomBytes(size)
      server.push(client.encode(up))
      const [f1, ...rest1] = drain(server)
      expect(rest1).toHaveLength(0)
      expect(f1?.kind).toBe('packet')
      if (f1?.kind === 'packet') expectPayload(name, f1.data, up)

      const down = randomBytes(size)
      // A short server frame starting with a negative int32 *is* a transport error
      // (or, for padded, a quick ack); real MTProto packets never look like that.
      down[3]! &= 0x7f
      client.push(server.encode(down))
      const [f2, ...rest2] = drain(client)
      expect(rest2).toHaveLength(0)
      if (f2?.kind !== 'packet') throw new Error('expected packet')
      expectPayload(name, f2.data, down)
    }
  })

  it('decodes frames split at every byte boundary and fed one byte at a time', () => {
    const payloads = [randomBytes(8), randomBytes(600), randomBytes(4)]
    const client = createCodec(name, 'client')
    const wire = concat(payloads.map((p) => client.encode(p)))
    for (let cut = 0; cut <= wire.length; cut++) {
      const server = createCodec(name, 'server')
      server.push(wire.subarray(0, cut))
      const frames = drain(server)
      server.push(wire.subarray(cut))
      frames.push(...drain(server))
      expect(frames.map((f) => f.kind)).toEqual(['packet', 'packet', 'packet'])
      frames.forEach((f, i) => {
        if (f.kind === 'packet') expectPayload(name, f.data, payloads[i]!)
      })
    }
    const server = createCodec(name, 'server')
    const frames: Frame[] = []
    for (const byte of wire) {
      server.push(Uint8Array.of(byte))
      frames.push(...drain(server))
    }
    expect(frames).toHaveLength(3)
  })

  it('decodes many coalesced frames from one chunk', () => {
    const client = createCodec(name, 'client')
    const server = createCodec(name, 'server')
    const payloads = Array.from({ length: 200 }, (_, i) => randomBytes(4 * (1 + (i % 200))))
    server.push(concat(payloads.map((p) => client.encode(p))))
    const frames = drain(server)
    expect(frames).toHaveLength(200)
    frames.forEach((f, i) => {
      if (f.kind !== 'packet') throw new Error('expected packet')
      expectPayload(name, f.data, payloads[i]!)
    })
  })

  it.each([-404, -429, -444, 404])('turns error %i into an error frame on the client', (code) => {
    const client = createCodec(name, 'client')
    const server = createCodec(name, 'server')
    client.push(server.encodeError(code))
    expect(drain(client)).toEqual([{ kind: 'error', code: -Math.abs(code) }])
  })

  it('rejects an announced oversize frame before its bytes arrive', () => {
    const client = createCodec(name, 'client', { maxFrameSize: 1024 })
    const server = createCodec(name, 'server', { maxFrameSize: 1024 })
    const wire = client.encode(randomBytes(1028 + 16 * 4).subarray(0, 1024))
    expect(() => client.encode(new Uint8Array(2048))).toThrow(RangeError)
    server.push(wire)
    expect(drain(server)).toHaveLength(1)
    const big = createCodec(name, 'client').encode(new Uint8Array(4096))
    server.push(big.subarray(0, 8))
    expect(() => server.next()).toThrow(FramingError)
  })

  it('refuses to encode an empty payload', () => {
    expect(() => createCodec(name, 'client').encode(new Uint8Array(0))).toThrow(RangeError)
  })
})

describe.each(['abridged', 'intermediate', 'padded'] as const)('%s quick ack', (name) => {
  it('flags the packet on the server and delivers the token to the client', () => {
    const client = createCodec(name, 'client')
    const server = createCodec(name, 'server')
    for (const size of [8, 1024]) {
      const payload = randomBytes(size)
      server.push(client.encode(payload, { quickAck: true }))
      const [frame] = drain(server)
      if (frame?.kind !== 'packet') throw new Error('expected packet')
      expect(frame.quickAck).toBe(true)
      expectPayload(name, frame.data, payload)

      const token = (randomBytes(4).readUInt32LE(0) | 0x80000000) >>> 0
      client.push(server.encodeQuickAck!(token))
      // A normal packet right after the ack must still parse.
      const next = randomBytes(32)
      client.push(server.encode(next))
      const frames = drain(client)
      expect(frames[0]).toEqual({ kind: 'quickAck', token })
      expect(frames[1]?.kind).toBe('packet')
    }
  })

  it('does not flag packets sent without quick ack', () => {
    const server = createCodec(name, 'server')
    server.push(createCodec(name, 'client').encode(randomBytes(12)))
    const [frame] = drain(server)
    expect(frame?.kind === 'packet' && frame.quickAck).toBeFalsy()
  })

  it('refuses role misuse', () => {
    expect(() => createCodec(name, 'server').encode(new Uint8Array(8), { quickAck: true })).toThrow(
      RangeError,
    )
    expect(() => createCodec(name, 'client').encodeQuickAck!(0x80000001)).toThrow(RangeError)
  })
})

describe('full quick ack', () => {
  it('is not supported', () => {
    const codec = createCodec('full', 'server')
    expect(codec.encodeQuickAck).toBeUndefined()
    expect(() => createCodec('full', 'client').encode(new Uint8Array(8), { quickAck: true })).toThrow(
      RangeError,
    )
  })
})

describe('createCodec', () => {
  it('rejects unknown names', () => {
    expect(() => createCodec('http' as TransportName, 'client')).toThrow(RangeError)
  })
  it('exposes the tags', () => {
    expect(Array.from(createCodec('abridged', 'client').tag)).toEqual([0xef])
    expect(Array.from(createCodec('intermediate', 'client').tag)).toEqual([0xee, 0xee, 0xee, 0xee])
    expect(Array.from(createCodec('padded', 'client').tag)).toEqual([0xdd, 0xdd, 0xdd, 0xdd])
    expect(createCodec('full', 'client').tag).toHaveLength(0)
  })
})
