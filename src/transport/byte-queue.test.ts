import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ByteQueue, MAX_GATHER } from './byte-queue.js'

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

  it('copies what it keeps, so a reused read buffer cannot change queued bytes', () => {
    const q = new ByteQueue()
    const reused = Buffer.from('aabbcc', 'hex')
    q.push(reused)
    reused.fill(0)
    expect(q.take(3).toString('hex')).toBe('aabbcc')
  })

  it('gathers an expected frame into one buffer across many pushes of a reused buffer', () => {
    const q = new ByteQueue({ gatherAhead: true })
    const frame = randomBytes(300_000)
    const read = Buffer.alloc(7000)
    q.push(frame.subarray(0, 10))
    q.expect(frame.length)
    const gathering = (q as unknown as { gather?: Buffer }).gather
    for (let at = 10; at < frame.length; at += read.length) {
      const n = frame.subarray(at, at + read.length).copy(read)
      q.push(read.subarray(0, n))
      read.fill(0xff)
    }
    q.push(Buffer.from('tail'))
    expect(q.length).toBe(frame.length + 4)
    const taken = q.take(frame.length)
    expect(taken.equals(frame)).toBe(true)
    // handed out where it was gathered, not as a concatenation of pieces
    expect(taken.buffer).toBe(gathering?.buffer)
    expect(taken.byteOffset).toBe(0)
    expect(q.take(4).toString()).toBe('tail')
  })

  it('stops gathering when bytes are taken before the frame is whole, and loses none', () => {
    const q = new ByteQueue({ gatherAhead: true })
    const data = randomBytes(5000)
    q.push(data.subarray(0, 100))
    q.expect(4000)
    q.push(data.subarray(100, 1000))
    expect(q.take(500).equals(data.subarray(0, 500))).toBe(true)
    q.push(data.subarray(1000))
    expect(q.take(4500).equals(data.subarray(500))).toBe(true)
  })

  it('a queue not told to gather ahead (a server’s) allocates nothing on an announced length', () => {
    const q = new ByteQueue()
    q.push(Buffer.alloc(10))
    q.expect(1000)
    expect((q as unknown as { gather?: Buffer }).gather).toBeUndefined()
  })

  it('does not gather ahead for lengths beyond MAX_GATHER', () => {
    const q = new ByteQueue({ gatherAhead: true })
    q.push(Buffer.alloc(10))
    q.expect(MAX_GATHER + 1)
    expect((q as unknown as { gather?: Buffer }).gather).toBeUndefined()
    q.expect(1000)
    expect((q as unknown as { gather?: Buffer }).gather?.length).toBe(1000)
  })

  it('takes a frame past its header only once all of it is here', () => {
    const q = new ByteQueue({ gatherAhead: true })
    q.push(Buffer.from('aa0102', 'hex'))
    expect(q.takeFrame(1, 4)).toBeNull()
    expect(q.length).toBe(3)
    q.push(Buffer.from('0304bb', 'hex'))
    expect(q.takeFrame(1, 4)?.toString('hex')).toBe('01020304')
    expect(q.length).toBe(1)
  })
})
