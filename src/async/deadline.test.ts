import { describe, expect, it } from 'vitest'
import { deadline } from './deadline.js'

describe('deadline', () => {
  it('aborts with a TimeoutError after its time, even when nothing else holds it', async () => {
    const { signal } = deadline(30)
    globalThis.gc?.()
    await new Promise((r) => setTimeout(r, 60))
    expect(signal.aborted).toBe(true)
    expect((signal.reason as Error).name).toBe('TimeoutError')
  })

  it('follows its parent, and stops after dispose', async () => {
    const parent = new AbortController()
    const followed = deadline(10_000, parent.signal)
    parent.abort(new Error('stop'))
    expect((followed.signal.reason as Error).message).toBe('stop')
    const disposed = deadline(20)
    disposed.dispose()
    await new Promise((r) => setTimeout(r, 40))
    expect(disposed.signal.aborted).toBe(false)
  })
})
