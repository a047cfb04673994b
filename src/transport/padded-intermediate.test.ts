import { describe, expect, it } from 'vitest'
import { FramingError } from './errors.js'
import { PaddedIntermediateCodec } from './padded-intermediate.js'

function fixedRandom(byte: number): (n: number) => Uint8Array {
  return (n) => new Uint8Array(n).fill(byte)
}

describe('padded intermediate wire format', () => {
  it('adds 0–15 random padding bytes counted in the length', () => {
    const seen = new Set<number>()
    const c = new PaddedIntermediateCodec('client')
    for (let i = 0; i < 2000; i++) {
      const frame = Buffer.from(c.encode(new Uint8Array(8)))
      const length = frame.readUInt32LE(0)
      expect(length).toBe(frame.length - 4)
      seen.add(length - 8)
    }
    expect(Math.min(...seen)).toBe(0)
    expect(Math.max(...seen)).toBe(15)
  })

  it('delivers the payload with its padding', () => {
    const c = new PaddedIntermediateCodec('client', { random: fixedRandom(0x0b) })
    const s = new PaddedIntermediateCodec('server')
    s.push(c.encode(Buffer.alloc(24, 1)))
    const frame = s.next()
    if (frame?.kind !== 'packet') throw new Error('expected packet')
    expect(frame.data.length).toBe(24 + 11)
  })

  it('sends quick acks as 0xffffffff + token + 0–8 padding, inside a frame', () => {
    const s = new PaddedIntermediateCodec('server', { random: fixedRandom(0x0d) })
    const frame = Buffer.from(s.encodeQuickAck(0x81020304))
    expect(frame.readUInt32LE(0)).toBe(8 + (0x0d % 9))
    expect(frame.subarray(4, 12).toString('hex')).toBe('ffffffff04030281')
    const c = new PaddedIntermediateCodec('client')
    c.push(frame)
    expect(c.next()).toEqual({ kind: 'quickAck', token: 0x81020304 })
  })

  it('sends errors unpadded and recognises padded errors', () => {
    const s = new PaddedIntermediateCodec('server', { random: fixedRandom(0x0f) })
    expect(Buffer.from(s.encodeError(-404)).toString('hex')).toBe('040000006cfeffff')
    const c = new PaddedIntermediateCodec('client')
    c.push(Buffer.from('0f0000006cfeffff00000000000000000000000000000000', 'hex').subarray(0, 19))
    expect(c.next()).toEqual({ kind: 'error', code: -404 })
  })

  it('rejects a truncated quick-ack frame', () => {
    const c = new PaddedIntermediateCodec('client')
    c.push(Buffer.from('05000000ffffffff00', 'hex'))
    expect(() => c.next()).toThrow(FramingError)
  })

  it('accepts the intermediate-style bare quick-ack word too', () => {
    const c = new PaddedIntermediateCodec('client')
    c.push(Buffer.from('04030281', 'hex'))
    expect(c.next()).toEqual({ kind: 'quickAck', token: 0x81020304 })
  })
})
