/**
 * Fuzz-style tests for transport detection and acceptTransport: random and mutated
 * connection openings (seeded). Detection only returns a verdict or throws FramingError;
 * accept resolves or rejects with FramingError; reads on an accepted connection yield
 * frames or reject with FramingError/TransportError; nothing hangs.
 */
import { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { acceptTransport } from './accept.js'
import { createCodec, TRANSPORT_NAMES } from './codec.js'
import { detectTransport } from './detect.js'
import { FramingError, TransportError } from './errors.js'
import { fuzzRandom } from './fuzz.test-helper.js'
import { createObfuscatedInit } from './obfuscated2.js'

const SEED = 0x0bf5_ca7e

/** An in-memory socket: we push the client's bytes, writes are discarded. */
function fakeSocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _enc, cb) {
      cb()
    },
  })
}

function isExpected(err: unknown): boolean {
  return err instanceof FramingError || err instanceof TransportError
}

/** Pushes `input` in random chunks and then EOF; drains whatever accept/reads produce. */
async function run(input: Buffer, int: (n: number) => number, secret?: Uint8Array): Promise<void> {
  const socket = fakeSocket()
  const accepting = acceptTransport(socket, { maxFrameSize: 64 * 1024, secret })
  for (let at = 0; at < input.length; ) {
    const n = 1 + int(Math.min(200, input.length - at))
    socket.push(input.subarray(at, at + n))
    at += n
  }
  socket.push(null)
  let accepted: Awaited<typeof accepting>
  try {
    accepted = await accepting
  } catch (err) {
    if (!isExpected(err)) throw err
    return
  }
  for (let guard = 0; guard <= input.length; guard++) {
    try {
      if ((await accepted.conn.read()) === null) return
    } catch (err) {
      if (!isExpected(err)) throw err
      return
    }
  }
  throw new Error('connection produced more frames than input bytes')
}

describe('detect/accept fuzz', () => {
  it(`detectTransport on random prefixes (seed ${SEED})`, () => {
    const { int, bytes } = fuzzRandom(SEED)
    for (let i = 0; i < 20_000; i++) {
      const head = bytes(int(70))
      if (i % 4 === 0 && head.length > 0) head[0] = [0xef, 0xee, 0xdd, 0x50][int(4)]!
      try {
        const d = detectTransport(head)
        expect(['plain', 'obfuscated', 'need-more']).toContain(d.kind)
      } catch (err) {
        if (!(err instanceof FramingError)) throw err
      }
    }
  })

  it(`acceptTransport on random openings (seed ${SEED + 1})`, async () => {
    const { int, bytes } = fuzzRandom(SEED + 1)
    for (let i = 0; i < 1500; i++) {
      const input = bytes(int(300))
      if (i % 3 === 0 && input.length > 4)
        input.writeUInt32LE([0xeeeeeeee, 0xdddddddd, 0xefefefef][int(3)]!, 0)
      await run(input, int, i % 5 === 0 ? bytes(16) : undefined)
    }
  })

  it(`acceptTransport on mutated valid openings (seed ${SEED + 2})`, async () => {
    const { int, bytes, rnd } = fuzzRandom(SEED + 2)
    for (let i = 0; i < 1500; i++) {
      const name = TRANSPORT_NAMES[int(4)]!
      const obfuscated = name !== 'full' && rnd() < 0.5
      const codec = createCodec(name, 'client', { random: bytes })
      const frames = Array.from({ length: 1 + int(4) }, () => codec.encode(bytes(4 * (1 + int(100)))))
      let input: Buffer
      if (obfuscated) {
        const obf = createObfuscatedInit(codec.tag, int(2000) - 1000, bytes)
        input = Buffer.concat([obf.init, ...frames.map((f) => obf.encrypt.update(f))])
      } else {
        input = Buffer.concat([codec.tag, ...frames])
      }
      const mutations = int(3)
      for (let m = 0; m < mutations; m++) input[int(input.length)] = int(256)
      await run(rnd() < 0.2 ? input.subarray(0, int(input.length)) : input, int)
    }
  })
})
