import Long from 'long'
import { describe, expect, it, vi } from 'vitest'
import { apiLayer, deserializeTl } from '../../tl/index.js'
import { answerRequest } from './answer-request.js'
import type { ServerConnection } from './server-connection.js'
import type { ServerSession } from './server-session.js'

/** A connection and session with only what answerRequest touches; `dispatch` answers the API call. */
function fakes(dispatch: (query: { _: string }) => unknown) {
  const pushed: Uint8Array[] = []
  const conn = { dc: { dcId: 2, registry: { dispatch: vi.fn(dispatch) } } } as unknown as ServerConnection
  const session = {
    authKey: {},
    state: { sessionId: Long.ONE },
    outbox: { push: (m: { body: Uint8Array }) => pushed.push(m.body) },
  } as unknown as ServerSession
  return { conn, session, pushed }
}

const user = { _: 'user', id: 5, firstName: 'Old', self: true }
const call = (layer: number) => ({ _: 'invokeWithLayer', layer, query: { _: 'users.getUsers', id: [] } })

describe('answering in the layer the client declared', () => {
  it('writes the result in the layout of the declared layer', async () => {
    const { conn, session, pushed } = fakes(() => [user])
    answerRequest(conn, session, Long.fromNumber(4), call(198), new AbortController().signal)
    await vi.waitFor(() => expect(pushed).toHaveLength(1))
    expect(conn.layer).toBe(198)
    const body = pushed[0] as Uint8Array
    expect(new DataView(body.buffer, body.byteOffset).getUint32(8, true)).toBe(0x4b46c37e) // user in layer 198
  })

  it('refuses a layer it holds no schema for with CONNECTION_LAYER_INVALID', () => {
    const { conn, session, pushed } = fakes(() => [user])
    conn.layer = 198
    answerRequest(conn, session, Long.fromNumber(4), call(100), new AbortController().signal)
    expect(conn.dc.registry.dispatch).not.toHaveBeenCalled()
    expect(conn.layer).toBe(198)
    expect(deserializeTl(pushed[0] as Uint8Array)).toEqual({
      _: 'mt_rpc_error',
      errorCode: 400,
      errorMessage: 'CONNECTION_LAYER_INVALID',
    })
  })
})

describe('gzip_packed', () => {
  const bytesOf = (id: number, payload: Uint8Array): Uint8Array => {
    const out = new Uint8Array(4 + payload.length)
    new DataView(out.buffer).setUint32(0, id, true)
    out.set(payload, 4)
    return out
  }
  const idOf = (body: Uint8Array): number => new DataView(body.buffer, body.byteOffset).getUint32(0, true)
  const answer = async (result: Uint8Array): Promise<number> => {
    const { conn, session, pushed } = fakes(() => result)
    answerRequest(conn, session, Long.fromNumber(4), call(apiLayer), new AbortController().signal)
    await vi.waitFor(() => expect(pushed).toHaveLength(1))
    return idOf(pushed[0] as Uint8Array)
  }
  const zeros = new Uint8Array(4096)

  it('packs an answer that shrinks', async () => {
    expect(await answer(bytesOf(0x8c718e87, zeros))).toBe(0x3072cfa1) // messages.messages → gzip_packed
  })

  it('never packs a file part: upload.file and upload.cdnFile go out as they are', async () => {
    for (const id of [0x096a18d5, 0xa99fca4f]) expect(await answer(bytesOf(id, zeros))).toBe(id)
  })
})

describe('pongs under a network model', () => {
  const ping = { _: 'mt_ping', pingId: Long.fromNumber(9) }

  it('go out after the link round trip, as an API answer does', async () => {
    vi.useFakeTimers()
    try {
      const { conn, session, pushed } = fakes(() => undefined)
      conn.dc.pongDelayMs = 100
      answerRequest(conn, session, Long.fromNumber(4), ping, new AbortController().signal)
      await vi.advanceTimersByTimeAsync(99)
      expect(pushed).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(1)
      expect(pushed.map((b) => deserializeTl(b))).toEqual([
        { _: 'mt_pong', msgId: Long.fromNumber(4), pingId: Long.fromNumber(9) },
      ])
    } finally {
      vi.useRealTimers()
    }
  })

  it('not at all once the connection closed, and at once without a delay', async () => {
    vi.useFakeTimers()
    try {
      const { conn, session, pushed } = fakes(() => undefined)
      conn.dc.pongDelayMs = 100
      const closing = new AbortController()
      answerRequest(conn, session, Long.fromNumber(4), ping, closing.signal)
      closing.abort()
      await vi.advanceTimersByTimeAsync(200)
      expect(pushed).toHaveLength(0)
      conn.dc.pongDelayMs = undefined
      answerRequest(conn, session, Long.fromNumber(8), ping, closing.signal)
      expect(pushed).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
