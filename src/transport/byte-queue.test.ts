import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ByteQueue } from './byte-queue.js'

describe('ByteQueue', () => {
  it('reads across chunk boundaries', () => {
    const q = new ByteQueue()
    q.push(Buffer.from('0102', 'hex'))
    q.push(Buffer.from('0304', 'hex'))
    q.push(new Uint8Array([5]))
    expect(q.length).toBe(5)
    expect(q.uint32LE(0)).toBe(0x04030201)
    expect(q.uint32LE(1)).toBe(0x05040302)
    expect(q.byteAt(4)).toBe(5)
    expect(q.peek(1, 2).toString('hex')).toBe('0203')
    q.skip(1)
    expect(q.take(3).toString('hex')).toBe('020304')
    expect(q.length).toBe(1)
    expect(() => q.take(2)).toThrow(RangeError)
  })

  it('returns views for single-chunk takes and preserves order under random use', () => {
    const q = new ByteQueue()
    const all: Buffer[] = []
    let read = 0
    const out: Buffer[] = []
    for (let i = 0; i < 2000; i++) {
      const chunk = randomBytes((i * 7919) % 3000)
      all.push(chunk)
      q.push(chunk)
      const n = Math.min(q.length, (i * 104729) % 2500)
      out.push(q.take(n))
      read += n
    }
    out.push(q.take(q.length))
    const expected = Buffer.concat(all)
    expect(Buffer.concat(out).equals(expected)).toBe(true)
    expect(read).toBeLessThanOrEqual(expected.length)
  })

  it('keeps the chunk list short when fed single bytes', () => {
    const q = new ByteQueue()
    for (let i = 0; i < 100_000; i++) q.push(Uint8Array.of(i & 0xff))
    expect(q.length).toBe(100_000)
    const internal = q as unknown as { chunks: Buffer[] }
    expect(internal.chunks.length).toBeLessThan(200)
    const data = q.take(100_000)
    expect(data[99_999]).toBe(99_999 & 0xff)
  })
})
