/**
 * The HTTP transport's body parsing, fuzzed with seeded input: routing a request body
 * (server) and reading a response (client) never throw, whatever the bytes.
 */
import { describe, expect, it } from 'vitest'
import { authKeyId, encryptMessage } from '../../crypto/index.js'
import { fuzzRandom } from '../fuzz.test-helper.js'
import { answerOf, errorBody, routeOf } from './route.js'

const SEED = 0x4177_9a1d
const ROUNDS = 3000

describe('HTTP transport body parsing', () => {
  const r = fuzzRandom(SEED)
  const authKey = r.bytes(256)
  const keyId = Buffer.from(authKeyId(authKey))
  const keyOf = (id: Uint8Array) => (keyId.equals(id) ? authKey : undefined)
  /** an encrypted client message of `session` (8 bytes) with `body` */
  const encrypted = (session: Buffer, body: Buffer) =>
    Buffer.from(encryptMessage(authKey, 'client', Buffer.concat([r.bytes(8), session, r.bytes(16), body])))

  it(`routes encrypted messages by auth key and session (seed ${SEED})`, () => {
    const sessions = [r.bytes(8), r.bytes(8), r.bytes(8)]
    for (let round = 0; round < 300; round++) {
      const session = sessions[r.int(3)]!
      const route = routeOf(encrypted(session, r.bytes(r.int(2000))), keyOf)
      expect(route).toEqual({
        kind: 'conversation',
        key: `${keyId.toString('hex')}:${session.toString('hex')}`,
      })
    }
  })

  it('routes a key exchange by its nonce, and knows unknown keys from garbage', () => {
    const nonce = r.bytes(16)
    const plain = (body: Buffer) =>
      Buffer.concat([Buffer.alloc(8), r.bytes(8), r.bytes(4), r.bytes(4), nonce, body])
    expect(routeOf(plain(r.bytes(20)), keyOf)).toEqual(routeOf(plain(Buffer.alloc(0)), keyOf))
    expect(routeOf(plain(Buffer.alloc(0)), keyOf)).toEqual({
      kind: 'conversation',
      key: `plain:${nonce.toString('hex')}`,
    })
    expect(routeOf(Buffer.alloc(39), keyOf)).toEqual({ kind: 'malformed' })
    expect(routeOf(Buffer.concat([r.bytes(8), r.bytes(48)]), keyOf)).toEqual({ kind: 'unknown-key' })
    expect(routeOf(Buffer.concat([keyId, r.bytes(47)]), keyOf)).toEqual({ kind: 'malformed' })
  })

  it(`never throws on random or mutated bodies (seed ${SEED})`, () => {
    const valid = encrypted(r.bytes(8), r.bytes(100))
    for (let round = 0; round < ROUNDS; round++) {
      let body: Buffer
      switch (r.int(3)) {
        case 0:
          body = r.bytes(r.int(200))
          break
        case 1:
          body = Buffer.from(valid.subarray(0, r.int(valid.length + 1)))
          break
        default:
          body = Buffer.from(valid)
          for (let i = r.int(4); i >= 0; i--) body[r.int(body.length)] = r.int(256)
      }
      if (r.int(4) === 0) body.fill(0, 0, Math.min(8, body.length))
      const route = routeOf(body, keyOf)
      expect(['conversation', 'unknown-key', 'malformed']).toContain(route.kind)
    }
  })

  it(`reads any response as a packet, nothing, or a transport error (seed ${SEED})`, () => {
    for (let round = 0; round < ROUNDS; round++) {
      const status = [200, 200, 404, 500, 302][r.int(5)]!
      const body = r.bytes(r.int(3) === 0 ? 4 : r.int(64))
      const answer = answerOf(status, body)
      if (answer.kind === 'error') expect(answer.code).toBeLessThan(0)
      else {
        expect(status).toBe(200)
        expect(answer.kind === 'packet' ? answer.packet : Buffer.alloc(0)).toEqual(body)
      }
    }
    expect(answerOf(404, Buffer.alloc(0))).toEqual({ kind: 'error', code: -404 })
    expect(answerOf(200, errorBody(-404))).toEqual({ kind: 'error', code: -404 })
    expect(answerOf(200, Buffer.alloc(0))).toEqual({ kind: 'empty' })
  })
})
