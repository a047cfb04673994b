import { describe, expect, it } from 'vitest'
import { FramingError } from './errors.js'
import { IntermediateCodec } from './intermediate.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('intermediate wire format', () => {
  it('prefixes a 4-byte little-endian length', () => {
    const c = new IntermediateCodec('client')
    expect(hex(c.encode(Buffer.from('0102030405', 'hex')))).toBe('050000000102030405')
  })

  it('sets the top bit of the length for quick ack', () => {
    const c = new IntermediateCodec('client')
    expect(hex(c.encode(new Uint8Array(8), { quickAck: true }).subarray(0, 4))).toBe('08000080')
  })

  it('sends quick-ack tokens as a bare little-endian word', () => {
    expect(hex(new IntermediateCodec('server').encodeQuickAck(0x81020304))).toBe('04030281')
    const c = new IntermediateCodec('client')
    c.push(Buffer.from('04030281', 'hex'))
    expect(c.next()).toEqual({ kind: 'quickAck', token: 0x81020304 })
  })

  it('frames transport errors with length 4', () => {
    expect(hex(new IntermediateCodec('server').encodeError(-429))).toBe('0400000053feffff')
  })

  it('a 4-byte non-negative payload from the server is a packet, not an error', () => {
    const c = new IntermediateCodec('client')
    c.push(Buffer.from('0400000001000000', 'hex'))
    expect(c.next()?.kind).toBe('packet')
  })

  it('rejects zero and oversize lengths', () => {
    const s = new IntermediateCodec('server')
    s.push(new Uint8Array(4))
    expect(() => s.next()).toThrow(FramingError)
    const s2 = new IntermediateCodec('server')
    s2.push(Buffer.from('ffffff7f', 'hex'))
    expect(() => s2.next()).toThrow(FramingError)
  })
})
