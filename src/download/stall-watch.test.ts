import { describe, expect, it } from 'vitest'
import { StallWatch } from './stall-watch.js'

describe('StallWatch', () => {
  const at = () => {
    let now = 0
    return {
      clock: () => now,
      set: (ms: number) => {
        now = ms
      },
    }
  }

  it('asks again once per silence at a quarter of the limit, and gives up past it', () => {
    const t = at()
    const watch = new StallWatch(120_000, t.clock)
    t.set(29_000)
    expect(watch.check(3)).toBe('wait')
    t.set(30_000)
    expect(watch.check(3)).toBe('ask again')
    t.set(90_000)
    expect(watch.check(3)).toBe('wait') // the same silence: asked already
    t.set(120_001)
    expect(watch.check(3)).toBe('give up')
  })

  it('a silence that was heard ends: the next one may ask again', () => {
    const t = at()
    const watch = new StallWatch(120_000, t.clock)
    t.set(30_000)
    expect(watch.check(1)).toBe('ask again')
    t.set(31_000)
    watch.heard()
    expect(watch.check(1)).toBe('wait') // resets "asked" while under a quarter
    t.set(61_000)
    expect(watch.check(1)).toBe('ask again')
    expect(watch.silentMs).toBe(30_000)
  })

  it('with nothing in flight there is nothing to ask for again', () => {
    const t = at()
    const watch = new StallWatch(120_000, t.clock)
    t.set(60_000)
    expect(watch.check(0)).toBe('wait')
    expect(watch.check(2)).toBe('ask again')
  })
})
