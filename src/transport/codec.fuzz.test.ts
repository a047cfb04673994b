/**
 * Fuzz-style tests for the frame decoders: random and mutated input, seeded so that a
 * failure reproduces (the seed is in the test name). Only valid frames or FramingError
 * may come out; decoding always terminates; no allocation exceeds what the input justifies.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCodec, type Frame, type FrameCodec, TRANSPORT_NAMES } from './codec.js'
import { FramingError } from './errors.js'
import { fuzzRandom } from './fuzz.test-helper.js'

const SEED = 0x7a11_0c0d
const ROUNDS = 2500
const MAX_FRAME = 64 * 1024

/** Largest single Buffer allocation made while the spies are active. */
let maxAlloc = 0
beforeEach(() => {
  maxAlloc = 0
  for (const fn of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
    const original = Buffer[fn].bind(Buffer)
    vi.spyOn(Buffer, fn).mockImplementation(((size: number, ...rest: never[]) => {
      maxAlloc = Math.max(maxAlloc, size)
      return (original as (size: number, ...r: never[]) => Buffer)(size, ...rest)
    }) as typeof Buffer.alloc)
  }
})
afterEach(() => {
  vi.restoreAllMocks()
})

function checkFrame(frame: Frame, pushed: number): void {
  switch (frame.kind) {
    case 'packet':
      expect(frame.data).toBeInstanceOf(Uint8Array)
      expect(frame.data.length).toBeGreaterThan(0)
      expect(frame.data.length).toBeLessThanOrEqual(Math.min(MAX_FRAME, pushed))
      break
    case 'quickAck':
      expect(frame.token >>> 0).toBe(frame.token)
      break
    case 'error':
      expect(frame.code).toBeLessThan(0)
      break
  }
}

/** Feeds `input` in random chunks, draining after each; returns frames or the error. */
function feed(
  codec: FrameCodec,
  input: Buffer,
  int: (n: number) => number,
): { frames: Frame[]; error?: unknown } {
  const frames: Frame[] = []
  let pushed = 0
  try {
    while (pushed < input.length) {
      const n = 1 + int(Math.min(input.length - pushed, 300))
      codec.push(input.subarray(pushed, pushed + n))
      pushed += n
      for (let guard = 0; ; guard++) {
        if (guard > input.length) throw new Error('decoder does not make progress')
        const frame = codec.next()
        if (frame === null) break
        checkFrame(frame, pushed)
        frames.push(frame)
      }
    }
  } catch (error) {
    return { frames, error }
  }
  return { frames }
}

function assertOutcome(result: { error?: unknown }, inputLength: number, role: 'client' | 'server'): void {
  if (result.error !== undefined && !(result.error instanceof FramingError)) throw result.error
  // ByteQueue merges small chunks and copies frames: never more than the input size (+ header peeks).
  // A client also gathers a frame whose header it has read into one buffer of the announced
  // length, which the frame size limit bounds (header and envelope included).
  const bound = role === 'server' ? inputLength + 64 : Math.max(inputLength + 64, MAX_FRAME + 16)
  expect(maxAlloc).toBeLessThanOrEqual(bound)
}

describe.each(
  TRANSPORT_NAMES.flatMap((name) => [
    { name, role: 'client' as const },
    { name, role: 'server' as const },
  ]),
)('fuzz $name ($role decoder)', ({ name, role }) => {
  const seed = SEED ^ (TRANSPORT_NAMES.indexOf(name) * 2 + (role === 'client' ? 0 : 1))

  it(`random bytes (seed ${seed})`, () => {
    const { int, bytes } = fuzzRandom(seed)
    for (let round = 0; round < ROUNDS; round++) {
      const input = bytes(int(400))
      maxAlloc = 0
      const codec = createCodec(name, role, { maxFrameSize: MAX_FRAME })
      assertOutcome(feed(codec, input, int), input.length, role)
    }
  })

  it(`mutated valid streams (seed ${seed})`, () => {
    const { int, bytes, rnd } = fuzzRandom(seed + 1)
    const random = (n: number): Uint8Array => bytes(n)
    for (let round = 0; round < ROUNDS; round++) {
      const peerRole = role === 'client' ? 'server' : 'client'
      const peer = createCodec(name, peerRole, { maxFrameSize: MAX_FRAME, random })
      const parts: Uint8Array[] = []
      for (let i = int(6); i >= 0; i--) {
        const what = int(10)
        if (what === 0) parts.push(peer.encodeError(-(1 + int(1000))))
        else if (what === 1 && peer.encodeQuickAck && peerRole === 'server')
          parts.push(peer.encodeQuickAck(int(2 ** 32)))
        else
          parts.push(
            peer.encode(bytes(4 * (1 + int(300))), {
              quickAck: peerRole === 'client' && name !== 'full' && rnd() < 0.3,
            }),
          )
      }
      const input = Buffer.concat(parts)
      const mutations = int(4)
      for (let m = 0; m < mutations && input.length > 0; m++) {
        const at = int(input.length)
        const kind = int(3)
        if (kind === 0) input[at] = int(256)
        else if (kind === 1) input[at] = input[at]! ^ (1 << int(8))
        else input.fill(0xff, at, Math.min(input.length, at + 4))
      }
      const cut = rnd() < 0.2 ? int(input.length + 1) : input.length
      maxAlloc = 0
      const codec = createCodec(name, role, { maxFrameSize: MAX_FRAME })
      const result = feed(codec, input.subarray(0, cut), int)
      assertOutcome(result, cut, role)
      if (mutations === 0 && cut === input.length) expect(result.error).toBeUndefined()
    }
  })
})

describe('allocation spy', () => {
  it('sees the copy made for a frame split across chunks', () => {
    const frame = createCodec('intermediate', 'client').encode(Buffer.alloc(2000, 7))
    const codec = createCodec('intermediate', 'server')
    maxAlloc = 0
    codec.push(frame.subarray(0, 1100))
    codec.push(frame.subarray(1100))
    expect(codec.next()?.kind).toBe('packet')
    expect(maxAlloc).toBe(2000)
  })
})

describe('huge announced lengths', () => {
  const headers: Record<string, string> = {
    abridged: '7fffffff', // 64 MiB - 4
    intermediate: 'ffffff7f', // 2 GiB - 1
    padded: 'ffffff7f',
    full: 'fffffff7', // ~4 GiB
  }
  it.each(TRANSPORT_NAMES)('%s: rejected with the default limit, never allocated with a huge one', (name) => {
    const input = Buffer.concat([Buffer.from(headers[name]!, 'hex'), Buffer.alloc(6, 1)])
    const strict = createCodec(name, 'server')
    strict.push(input)
    expect(() => strict.next()).toThrow(FramingError)

    maxAlloc = 0
    const before = process.memoryUsage().arrayBuffers
    const lax = createCodec(name, 'server', { maxFrameSize: 2 ** 32 })
    lax.push(input)
    let result: Frame | null | FramingError
    try {
      result = lax.next()
    } catch (e) {
      if (!(e instanceof FramingError)) throw e
      result = e
    }
    if (!(result instanceof FramingError)) expect(result).toBeNull()
    expect(maxAlloc).toBeLessThanOrEqual(input.length + 64)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
  })
})
