import { describe, expect, it } from 'vitest'
import { FloodGate, type SharedFloods } from './flood-gate.js'

/** A store in memory that counts its reads; `down`: every call rejects, as an unreachable Redis. */
function memoryFloods(down = false): SharedFloods & { reads: number; waits: Map<string, number> } {
  const waits = new Map<string, number>()
  return {
    reads: 0,
    waits,
    async floodUntil(account, method) {
      this.reads++
      if (down) throw new Error('store unreachable')
      return waits.get(`${account} ${method}`) ?? 0
    },
    async setFloodUntil(account, method, until) {
      if (down) throw new Error('store unreachable')
      const key = `${account} ${method}`
      waits.set(key, Math.max(waits.get(key) ?? 0, until))
    },
  }
}

describe('FloodGate with a shared store', () => {
  it('writes each wait it is told to the store, for the account and method', async () => {
    let time = 1000
    const floods = memoryFloods()
    const gate = new FloodGate(() => time, { floods, account: 'a', method: 'upload.getFile' })
    gate.close(30)
    time += 1000
    gate.close(5) // shorter than the wait in force: the store keeps the longer
    await Promise.resolve()
    expect([...floods.waits]).toEqual([['a upload.getFile', 31_000]])
  })

  it('a wait another process stored holds every caller back until it ends, with one read for all', async () => {
    const floods = memoryFloods()
    const until = Date.now() + 300
    await floods.setFloodUntil('a', 'upload.getFile', until)
    const gate = new FloodGate(Date.now, { floods, account: 'a', method: 'upload.getFile' })
    const passing = Promise.all([1, 2, 3].map(() => gate.pass().then(() => Date.now())))
    await new Promise((r) => setImmediate(r))
    // the three callers asked together: one read
    expect(floods.reads).toBe(1)
    for (const at of await passing) expect(at).toBeGreaterThanOrEqual(until)
  })

  it('another account or method is not held back', async () => {
    const floods = memoryFloods()
    await floods.setFloodUntil('a', 'upload.getFile', Date.now() + 3_600_000)
    await new FloodGate(Date.now, { floods, account: 'b', method: 'upload.getFile' }).pass()
    await new FloodGate(Date.now, { floods, account: 'a', method: 'upload.getCdnFile' }).pass()
    expect(floods.reads).toBe(2)
  })

  it('an unreachable store holds nobody up; the wait this process knows still holds', async () => {
    const floods = memoryFloods(true)
    const gate = new FloodGate(Date.now, { floods, account: 'a', method: 'upload.getFile' })
    await gate.pass()
    expect(floods.reads).toBe(1)
    gate.close(3600)
    const stop = new AbortController()
    const held = gate.pass(stop.signal)
    stop.abort(new Error('stop'))
    await expect(held).rejects.toMatchObject({ name: 'AbortError' })
  })
})
