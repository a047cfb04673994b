import { describe, expect, it } from 'vitest'
import { authKeyId, bytesToHex, generateRsaKey, sha1, xorBytes } from '../../crypto/index.js'
import { type ClientHandshakeOptions, clientHandshake } from './client-flow.js'
import { longToBytes } from './common.js'
import { HandshakeError } from './errors.js'
import {
  flipBit,
  type LoopbackHooks,
  loopbackRpc,
  seededRandom,
  testRsaKey,
} from './handshake.test-helper.js'
import { ServerHandshake, type ServerHandshakeOptions } from './server-flow.js'

const NOW = 1_707_425_105_000
const key = testRsaKey()

function run(
  client: Partial<ClientHandshakeOptions> = {},
  server: Partial<ServerHandshakeOptions> = {},
  hooks: LoopbackHooks = {},
) {
  const srv = new ServerHandshake({ dcId: 2, keys: [key], now: () => NOW + 3000, ...server })
  const rpc = loopbackRpc(srv, hooks)
  const promise = clientHandshake(rpc, { dcId: 2, publicKeys: [key], now: () => NOW, ...client })
  return { srv, rpc, promise }
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<HandshakeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HandshakeError)
  expect((error as HandshakeError).code).toBe(code)
  return error as HandshakeError
}

describe('client ↔ server handshake', () => {
  it('creates a permanent key both sides agree on', async () => {
    const { srv, rpc, promise } = run()
    const res = await promise
    expect(res.authKey).toHaveLength(256)
    expect(bytesToHex(res.authKey)).toBe(bytesToHex(srv.result!.authKey))
    expect(res.serverSalt.eq(srv.result!.serverSalt)).toBe(true)
    expect(res.timeOffset).toBe(3)
    expect(res.expiresAt).toBeUndefined()
    expect(srv.result).toMatchObject({ temp: false, dcId: 2 })
    expect(rpc.log).toEqual([
      'mt_req_pq_multi',
      'mt_resPQ',
      'mt_req_DH_params',
      'mt_server_DH_params_ok',
      'mt_set_client_DH_params',
      'mt_dh_gen_ok',
    ])
  })

  it('derives server_salt as new_nonce[0..8] XOR server_nonce[0..8]', async () => {
    const calls: Uint8Array[] = []
    const clientRandom = seededRandom('salt')
    const random = (n: number) => {
      const b = clientRandom(n)
      calls.push(b)
      return b
    }
    let serverNonce = new Uint8Array(0)
    const { promise } = run(
      { random },
      {},
      {
        reply: (bytes, name) => {
          if (name === 'mt_resPQ') serverNonce = bytes.slice(20, 36)
          return bytes
        },
      },
    )
    const res = await promise
    const newNonce = calls[1]!
    expect(newNonce).toHaveLength(32)
    const expected = xorBytes(newNonce.subarray(0, 8), serverNonce.subarray(0, 8))
    expect(bytesToHex(longToBytes(res.serverSalt))).toBe(bytesToHex(expected))
  })

  it('creates a temporary key with its expiry', async () => {
    const { srv, promise } = run({ temp: { expiresIn: 3600 } })
    const res = await promise
    expect(res.expiresAt).toBe(NOW / 1000 + 3 + 3600)
    expect(srv.result).toMatchObject({ temp: true, expiresAt: NOW / 1000 + 3 + 3600 })
    expect(bytesToHex(res.authKey)).toBe(bytesToHex(srv.result!.authKey))
  })

  it('accepts legacy RSA when allowed, refuses it otherwise', async () => {
    const ok = run({ legacyRsa: true })
    expect(bytesToHex((await ok.promise).authKey)).toBe(bytesToHex(ok.srv.result!.authKey))
    await expectCode(run({ legacyRsa: true }, { acceptLegacyRsa: false }).promise, 'BAD_ENCRYPTED_DATA')
  })

  it('sends dc +10000 on test DCs and negative on media DCs', async () => {
    const { srv, promise } = run({ testMode: true, mediaOnly: true })
    await promise
    expect(srv.result!.dcId).toBe(-10002)
    const wrongDc = run({ dcId: 4 })
    await expectCode(wrongDc.promise, 'BAD_DC_ID')
    expect(() => wrongDc.srv.handle({ _: 'mt_req_pq_multi' })).toThrow(/HANDSHAKE_FAILED/)
  })

  it('retries with retry_id when the server reports a key id collision', async () => {
    let taken = 0
    const ids: string[] = []
    const { srv, rpc, promise } = run(
      {},
      {
        isKeyIdTaken: (id) => {
          ids.push(bytesToHex(id))
          return taken++ === 0
        },
      },
    )
    const res = await promise
    expect(rpc.log.filter((n) => n === 'mt_dh_gen_retry')).toHaveLength(1)
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(bytesToHex(authKeyId(res.authKey)))
    expect(bytesToHex(res.authKey)).toBe(bytesToHex(srv.result!.authKey))
  })

  it('gives up after too many retries, and on dh_gen_fail', async () => {
    await expectCode(run({ maxRetries: 1 }, { isKeyIdTaken: () => true }).promise, 'RETRIES_EXHAUSTED')
    const failed = run({}, { isKeyIdTaken: () => true, maxRetries: 2 })
    await expectCode(failed.promise, 'DH_GEN_FAIL')
    expect(failed.rpc.log.at(-1)).toBe('mt_dh_gen_fail')
  })

  it('refuses servers whose key it does not know', async () => {
    const other = generateRsaKey(2048)
    const { rpc, promise } = run({ publicKeys: [other] })
    await expectCode(promise, 'NO_KNOWN_KEY')
    expect(rpc.log).toEqual(['mt_req_pq_multi', 'mt_resPQ'])
  })

  it('checks every echoed nonce and hash', async () => {
    // resPQ: nonce at body offset 4, server_nonce at 20
    await expectCode(
      run({}, {}, { reply: (b, n) => (n === 'mt_resPQ' ? flipBit(b, 4) : b) }).promise,
      'NONCE_MISMATCH',
    )
    const dhOk = (offset: number) => (b: Uint8Array, n: string) =>
      n === 'mt_server_DH_params_ok' ? flipBit(b, offset) : b
    await expectCode(run({}, {}, { reply: dhOk(10) }).promise, 'NONCE_MISMATCH')
    await expectCode(run({}, {}, { reply: dhOk(30) }).promise, 'NONCE_MISMATCH')
    await expectCode(run({}, {}, { reply: dhOk(-1) }).promise, 'BAD_ANSWER_HASH')
    await expectCode(run({}, {}, { reply: dhOk(100) }).promise, 'BAD_ANSWER_HASH')
    const genOk = (offset: number) => (b: Uint8Array, n: string) =>
      n === 'mt_dh_gen_ok' ? flipBit(b, offset) : b
    await expectCode(run({}, {}, { reply: genOk(25) }).promise, 'NONCE_MISMATCH')
    await expectCode(run({}, {}, { reply: genOk(-3) }).promise, 'BAD_NEW_NONCE_HASH')
  })

  it('server refuses tampered requests', async () => {
    const tamper = (name: string, offset: number) => ({
      request: (b: Uint8Array, n: string) => (n === name ? flipBit(b, offset) : b),
    })
    for (const [name, offset] of [
      ['mt_req_DH_params', 5], // nonce
      ['mt_req_DH_params', 21], // server_nonce
      ['mt_req_DH_params', 38], // p
      ['mt_req_DH_params', -7], // encrypted_data
      ['mt_set_client_DH_params', 6], // nonce
      ['mt_set_client_DH_params', -1], // encrypted_data
    ] as const) {
      const { srv, promise } = run({}, {}, tamper(name, offset))
      await expect(promise).rejects.toThrow()
      expect(srv.result).toBeUndefined()
    }
  })

  it('is abortable', async () => {
    const controller = new AbortController()
    const srv = new ServerHandshake({ dcId: 2, keys: [key] })
    const rpc = loopbackRpc(srv, {
      reply: (b, n) => {
        if (n === 'mt_resPQ') controller.abort(new Error('stop'))
        return b
      },
    })
    await expect(
      clientHandshake(rpc, { dcId: 2, publicKeys: [key], signal: controller.signal }),
    ).rejects.toThrow('stop')
  })

  it('server answers each step once and in order', () => {
    const srv = new ServerHandshake({ dcId: 2, keys: [key] })
    expect(() => srv.handle({ _: 'mt_set_client_DH_params' })).toThrow(/UNEXPECTED_REQUEST/)
    const fresh = new ServerHandshake({ dcId: 2, keys: [key] })
    const nonce = sha1(new Uint8Array(1)).subarray(0, 16)
    fresh.handle({ _: 'mt_req_pq_multi', nonce } as { _: string })
    expect(() => fresh.handle({ _: 'mt_req_pq_multi', nonce } as { _: string })).toThrow(/UNEXPECTED_REQUEST/)
    expect(() => fresh.handle({ _: 'mt_req_pq_multi', nonce } as { _: string })).toThrow(/HANDSHAKE_FAILED/)
  })
})
