import { describe, expect, it } from 'vitest'
import { crc32 } from './crc32.js'
import { FramingError } from './errors.js'
import { FullCodec } from './full.js'

describe('full wire format', () => {
  it('writes length (incl. envelope), seq no, payload, CRC32', () => {
    const c = new FullCodec('client')
    const f1 = Buffer.from(c.encode(Buffer.from('deadbeef', 'hex')))
    expect(f1.readUInt32LE(0)).toBe(16)
    expect(f1.readUInt32LE(4)).toBe(0)
    expect(f1.subarray(8, 12).toString('hex')).toBe('deadbeef')
    expect(f1.readUInt32LE(12)).toBe(crc32(f1.subarray(0, 12)))
    const f2 = Buffer.from(c.encode(Buffer.from('deadbeef', 'hex')))
    expect(f2.readUInt32LE(4)).toBe(1)
  })

  it('keeps separate send and receive sequence numbers', () => {
    const client = new FullCodec('client')
    const server = new FullCodec('server')
    for (let i = 0; i < 5; i++) client.encode(new Uint8Array(8)) // client send seq advances alone
    client.push(server.encode(new Uint8Array(8)))
    expect(client.next()?.kind).toBe('packet')
  })

  it('rejects a CRC mismatch', () => {
    const frame = Buffer.from(new FullCodec('client').encode(new Uint8Array(16)))
    frame[10]! ^= 1
    const s = new FullCodec('server')
    s.push(frame)
    expect(() => s.next()).toThrow(/CRC/)
  })

  it('rejects a sequence number mismatch', () => {
    const c = new FullCodec('client')
    c.encode(new Uint8Array(8)) // seq 0 is lost
    const s = new FullCodec('server')
    s.push(c.encode(new Uint8Array(8)))
    expect(() => s.next()).toThrow(/seq/)
  })

  it('rejects lengths shorter than the envelope', () => {
    for (const length of [0, 4, 11, 12]) {
      const s = new FullCodec('server')
      const b = Buffer.alloc(16)
      b.writeUInt32LE(length, 0)
      s.push(b)
      expect(() => s.next()).toThrow(FramingError)
    }
  })

  it('decodes transport errors', () => {
    const c = new FullCodec('client')
    c.push(new FullCodec('server').encodeError(-444))
    expect(c.next()).toEqual({ kind: 'error', code: -444 })
  })
})
