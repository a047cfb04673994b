// Random and mutated requests at every step of ServerHandshake: only the
// documented error types may escape (never a TypeError, RangeError, ...).
import { describe, expect, it } from 'vitest'
import { CryptoError, type RandomSource } from '../../crypto/index.js'
import { deserializeTl, serverReaders, TlDecodeError } from '../../tl/index.js'
import { clientHandshake } from './client-flow.js'
import { HandshakeError } from './errors.js'
import { loopbackRpc, seededRandom, testRsaKey } from './handshake.test-helper.js'
import { ServerHandshake } from './server-flow.js'

const key = testRsaKey()
const NOW = 1_707_425_105_000
const newServer = () =>
  new ServerHandshake({ dcId: 2, keys: [key], random: seededRandom('server'), now: () => NOW })

/** The three valid request bodies of one handshake against a server seeded like newServer(). */
async function recordRequests(): Promise<Uint8Array[]> {
  const recorded: Uint8Array[] = []
  const rpc = loopbackRpc(newServer(), {
    request: (bytes) => {
      recorded.push(bytes)
      return bytes
    },
  })
  await clientHandshake(rpc, { dcId: 2, publicKeys: [key], random: seededRandom('client'), now: () => NOW })
  return recorded
}

function mutate(bytes: Uint8Array, rnd: RandomSource): Uint8Array {
  const r = rnd(4)
  const pick = (n: number) => (((r[1]! << 8) | r[2]!) % Math.max(n, 1)) >>> 0
  switch (r[0]! % 6) {
    case 0: {
      const copy = Uint8Array.from(bytes)
      for (let i = 0; i <= (r[3]! & 3); i++) {
        const at = pick(copy.length + i * 7) % copy.length
        copy[at] = copy[at]! ^ (1 << (rnd(1)[0]! & 7))
      }
      return copy
    }
    case 1:
      return bytes.subarray(0, pick(bytes.length))
    case 2:
      return Uint8Array.from([...bytes, ...rnd(1 + (r[3]! & 31))])
    case 3: {
      const copy = Uint8Array.from(bytes)
      const at = 4 + pick(copy.length - 4)
      copy.set(rnd(Math.min(16, copy.length - at)), at)
      return copy
    }
    case 4: {
      const copy = Uint8Array.from(bytes)
      copy.set(rnd(4), 4 + (pick(copy.length - 8) & ~3)) // clobber a length or int
      return copy
    }
    default:
      return Uint8Array.from([...bytes.subarray(0, 4), ...rnd(pick(400))])
  }
}

const outcomes = new Set<string>()

function feed(server: ServerHandshake, bytes: Uint8Array): void {
  try {
    server.handle(deserializeTl<{ _: string }>(bytes, { readers: serverReaders() }))
    outcomes.add('ok')
  } catch (e) {
    if (e instanceof HandshakeError) outcomes.add(e.code)
    else if (e instanceof TlDecodeError) outcomes.add('TlDecodeError')
    else if (e instanceof CryptoError) outcomes.add(e.code)
    else throw e
  }
}

describe('ServerHandshake fuzz', () => {
  it('survives random and mutated requests at every step', async () => {
    const valid = await recordRequests()
    expect(valid).toHaveLength(3)
    const rnd = seededRandom('fuzz')
    for (let step = 0; step < 3; step++) {
      for (let i = 0; i < 120; i++) {
        const server = newServer()
        for (let k = 0; k < step; k++) server.handle(deserializeTl(valid[k]!, { readers: serverReaders() }))
        feed(server, mutate(valid[step]!, rnd))
        // whatever happened, the next message must not crash it either
        feed(server, valid[Math.min(step + 1, 2)]!)
      }
    }
    // the mutations reach the deep checks, not only the TL reader
    for (const code of [
      'TlDecodeError',
      'NONCE_MISMATCH',
      'BAD_ENCRYPTED_DATA',
      'BAD_ANSWER_HASH',
      'HANDSHAKE_FAILED',
    ]) {
      expect(outcomes).toContain(code)
    }
  })

  it('survives garbage with valid constructor ids and ill-typed objects', () => {
    const rnd = seededRandom('garbage')
    for (const id of [0xbe7e8ef1, 0xd712e4be, 0xf5045f1f, 0x60469778]) {
      for (let i = 0; i < 100; i++) {
        const body = rnd(rnd(1)[0]! * 2)
        const bytes = new Uint8Array(4 + body.length)
        new DataView(bytes.buffer).setUint32(0, id, true)
        bytes.set(body, 4)
        feed(newServer(), bytes)
      }
    }
    const odd = [
      {},
      { _: 42 },
      { _: 'mt_req_pq_multi' },
      { _: 'mt_req_pq_multi', nonce: 'x'.repeat(16) },
      { _: 'mt_req_pq_multi', nonce: new Uint8Array(15) },
      { _: 'help.getConfig' },
    ]
    for (const obj of odd) {
      expect(() => newServer().handle(obj as { _: string })).toThrow(HandshakeError)
    }
    const server = newServer()
    server.handle({ _: 'mt_req_pq_multi', nonce: new Uint8Array(16) } as { _: string })
    expect(() =>
      server.handle({ _: 'mt_req_DH_params', nonce: new Uint8Array(16) } as { _: string }),
    ).toThrow(HandshakeError)
  })
})
