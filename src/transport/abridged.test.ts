import { describe, expect, it } from 'vitest'
import { AbridgedCodec } from './abridged.js'
import { FramingError } from './errors.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('abridged wire format', () => {
  it('uses a 1-byte header below 127 words and 0x7f + 3 bytes from 127 words', () => {
    const c = new AbridgedCodec('client')
    expect(hex(c.encode(new Uint8Array(8)).subarray(0, 1))).toBe('02')
    expect(hex(c.encode(new Uint8Array(126 * 4)).subarray(0, 1))).toBe('7e')
    expect(hex(c.encode(new Uint8Array(127 * 4)).subarray(0, 4))).toBe('7f7f0000')
    expect(hex(c.encode(new Uint8Array(0x10000 * 4)).subarray(0, 4))).toBe('7f000001')
  })

  it('sets the top bit of the header for quick ack (0x80|n, 0xff)', () => {
    const c = new AbridgedCodec('client')
    expect(hex(c.encode(new Uint8Array(8), { quickAck: true }).subarray(0, 1))).toBe('82')
    expect(hex(c.encode(new Uint8Array(127 * 4), { quickAck: true }).subarray(0, 4))).toBe('ff7f0000')
  })

  it('sends quick-ack tokens byte-swapped with no header', () => {
    const s = new AbridgedCodec('server')
    expect(hex(s.encodeQuickAck(0x81020304))).toBe('81020304')
    // The top bit is forced on.
    expect(hex(s.encodeQuickAck(0x01020304))).toBe('81020304')
    const c = new AbridgedCodec('client')
    c.push(Buffer.from('81020304', 'hex'))
    expect(c.next()).toEqual({ kind: 'quickAck', token: 0x81020304 })
  })

  it('frames transport errors as a 4-byte payload', () => {
    expect(hex(new AbridgedCodec('server').encodeError(-404))).toBe('016cfeffff')
  })

  it('requires 4-byte aligned payloads', () => {
    expect(() => new AbridgedCodec('client').encode(new Uint8Array(5))).toThrow(RangeError)
  })

  it('rejects a zero-length frame', () => {
    const s = new AbridgedCodec('server')
    s.push(Uint8Array.of(0))
    expect(() => s.next()).toThrow(FramingError)
  })

  it('a server-role decoder treats a top-bit header as a quick-ack request, not a token', () => {
    const s = new AbridgedCodec('server')
    s.push(Buffer.from('81deadbeef', 'hex'))
    expect(s.next()).toEqual({ kind: 'packet', data: Buffer.from('deadbeef', 'hex'), quickAck: true })
  })
})
