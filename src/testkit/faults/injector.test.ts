import { describe, expect, it } from 'vitest'
import type { CallContext, ServerConnection } from '../../mtproto/server-role/index.js'
import { Accounting } from '../accounting/accounting.js'
import { FaultInjector } from './injector.js'

/** runs `n` requests through a hostile injector; returns what happened to each */
async function outcomes(seed: number, n: number): Promise<string[]> {
  const accounting = new Accounting()
  const injector = new FaultInjector(
    { drop: 0.05, stall: 0.05, flood: 0.1, floodSeconds: 2 },
    seed,
    accounting,
  )
  const mw = injector.middleware(2)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const abort = new AbortController()
    let dropped = false
    const connection = {
      id: i,
      close: () => (dropped = true),
      dc: { dcId: 2 },
    } as unknown as ServerConnection
    const ctx = { dcId: 2, connection, signal: abort.signal } as CallContext
    const result = mw({ _: 'upload.getFile' }, ctx, () => Promise.resolve('ok')).then(
      (r) => String(r),
      (e: unknown) => (e instanceof Error && e.message.includes('FLOOD_WAIT_2') ? 'flood' : 'aborted'),
    )
    const first = await Promise.race([result, new Promise<string>((r) => setTimeout(() => r('pending'), 0))])
    out.push(first === 'pending' ? (dropped ? 'drop' : 'stall') : first)
    abort.abort(new Error('closed'))
  }
  const faults = accounting.snapshot().faults
  expect((faults.drop ?? 0) + (faults.stall ?? 0) + (faults.flood ?? 0)).toBe(
    out.filter((o) => o !== 'ok').length,
  )
  return out
}

describe('hostile fault injector', () => {
  it('injects every kind at about its probability, reproducibly from the seed', async () => {
    const a = await outcomes(42, 400)
    const b = await outcomes(42, 400)
    expect(a).toEqual(b)
    const count = (kind: string) => a.filter((o) => o === kind).length
    expect(count('flood')).toBeGreaterThan(15)
    expect(count('drop')).toBeGreaterThan(5)
    expect(count('stall')).toBeGreaterThan(5)
    expect(count('ok')).toBeGreaterThan(250)
    expect(await outcomes(43, 400)).not.toEqual(a)
  })

  it('applies one-shot rules to matching requests only', async () => {
    const injector = new FaultInjector(null, 1)
    injector.floodNext(1, 9, { method: 'upload.getFile' })
    const mw = injector.middleware(2)
    const ctx = { dcId: 2, signal: new AbortController().signal } as CallContext
    await expect(mw({ _: 'help.getConfig' }, ctx, () => Promise.resolve('ok'))).resolves.toBe('ok')
    await expect(mw({ _: 'upload.getFile' }, ctx, () => Promise.resolve('ok'))).rejects.toThrow(
      'FLOOD_WAIT_9',
    )
    await expect(mw({ _: 'upload.getFile' }, ctx, () => Promise.resolve('ok'))).resolves.toBe('ok')
  })

  it('fromOffset picks file parts at or after a byte; clearRules forgets what is left', async () => {
    const injector = new FaultInjector(null, 1)
    injector.floodNext(5, 3, { method: 'upload.getFile', fromOffset: 1024 })
    const mw = injector.middleware(2)
    const ctx = { dcId: 2, signal: new AbortController().signal } as CallContext
    const ok = () => Promise.resolve('ok')
    await expect(mw({ _: 'upload.getFile', offset: 512 }, ctx, ok)).resolves.toBe('ok')
    await expect(mw({ _: 'upload.getFile', offset: 1024 }, ctx, ok)).rejects.toThrow('FLOOD_WAIT_3')
    await expect(mw({ _: 'upload.getFile', offset: 4096 }, ctx, ok)).rejects.toThrow('FLOOD_WAIT_3')
    injector.clearRules()
    await expect(mw({ _: 'upload.getFile', offset: 4096 }, ctx, ok)).resolves.toBe('ok')
  })
})
