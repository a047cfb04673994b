import { describe, expect, it } from 'vitest'
import { MtprotoError, ResendRequiredError, RpcError, RpcTimeoutError } from '../mtproto/index.js'
import { TransportError } from '../transport/index.js'
import { isConnectionLost, isTransient, retryTransient } from './transient.js'

/** Work that fails with `errors` in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0
  const work = async (): Promise<string> => {
    const e = errors[calls++]
    if (e) throw e
    return 'ok'
  }
  return { work, calls: () => calls }
}

describe('isTransient', () => {
  it('lost connections, timeouts and 5xx are worth another try; refusals are not', () => {
    expect(isTransient(new MtprotoError('connection closed'))).toBe(true)
    expect(isTransient(new RpcTimeoutError('channels.getMessages', 30_000))).toBe(true)
    expect(isTransient(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true)
    expect(isTransient(new RpcError(500, 'INTERNAL'))).toBe(true)
    expect(isTransient(new RpcError(400, 'CHANNEL_PRIVATE'))).toBe(false)
    expect(isTransient(new RpcError(401, 'AUTH_KEY_UNREGISTERED'))).toBe(false)
    expect(isTransient(new TransportError(-404))).toBe(false)
    expect(isTransient(new TypeError('bug'))).toBe(false)
  })

  it('a call the server asked for again is worth another try, and its connection is not lost', () => {
    const again = new ResendRequiredError('upload.getFile: the server asked for it again (bad_server_salt)')
    expect(isTransient(again)).toBe(true)
    expect(isConnectionLost(again)).toBe(false)
    expect(isConnectionLost(new MtprotoError('connection closed'))).toBe(true)
  })
})

describe('retryTransient', () => {
  it('tries again after a dropped connection and a timeout', async () => {
    const f = failing(new MtprotoError('connection closed'), new RpcTimeoutError('x', 1))
    const waits: number[] = []
    expect(await retryTransient(f.work, { onRetry: (_e, ms) => waits.push(ms) })).toBe('ok')
    expect(f.calls()).toBe(3)
    expect(waits).toEqual([500, 1000])
  })

  it('waits a short FLOOD_WAIT out; a long one is the caller’s to decide', async () => {
    const short = failing(new RpcError(420, 'FLOOD_WAIT_1'))
    const started = Date.now()
    expect(await retryTransient(short.work)).toBe('ok')
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    const long = failing(new RpcError(420, 'FLOOD_WAIT_600'))
    await expect(retryTransient(long.work)).rejects.toThrow('FLOOD_WAIT_600')
    expect(long.calls()).toBe(1)
  })

  it('a refusal fails at once; transient failures give up after `tries`', async () => {
    const refused = failing(new RpcError(400, 'USERNAME_NOT_OCCUPIED'))
    await expect(retryTransient(refused.work)).rejects.toThrow('USERNAME_NOT_OCCUPIED')
    expect(refused.calls()).toBe(1)
    const down = failing(...Array.from({ length: 5 }, () => new MtprotoError('connection closed')))
    await expect(retryTransient(down.work, { tries: 2 })).rejects.toThrow('connection closed')
    expect(down.calls()).toBe(2)
  })

  it('an abort ends the wait between tries', async () => {
    const controller = new AbortController()
    const f = failing(new MtprotoError('connection closed'))
    const run = retryTransient(f.work, {
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('stop')),
    })
    await expect(run).rejects.toThrow('stop')
    expect(f.calls()).toBe(1)
  })
})
