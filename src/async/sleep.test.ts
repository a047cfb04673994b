import { describe, expect, it } from 'vitest'
import { sleep, untilAborted } from './sleep.js'

describe('sleep', () => {
  it('resolves after its time, and at once for none', async () => {
    const start = performance.now()
    await sleep(20)
    expect(performance.now() - start).toBeGreaterThanOrEqual(15)
    await sleep(0, new AbortController().signal)
  })

  it("rejects with the signal's reason, before or during the wait", async () => {
    const ac = new AbortController()
    const p = sleep(10_000, ac.signal)
    ac.abort(new Error('closed'))
    await expect(p).rejects.toThrow('closed')
    await expect(sleep(0, ac.signal)).rejects.toThrow('closed')
  })
})

describe('untilAborted', () => {
  it("settles as the promise does, or with the signal's reason if that comes first", async () => {
    const ac = new AbortController()
    await expect(untilAborted(Promise.resolve(7), ac.signal)).resolves.toBe(7)
    await expect(untilAborted(Promise.reject(new Error('failed')), ac.signal)).rejects.toThrow('failed')
    const never = untilAborted(new Promise<never>(() => {}), ac.signal)
    ac.abort(new Error('gave up'))
    await expect(never).rejects.toThrow('gave up')
  })
})
