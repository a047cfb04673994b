import { describe, expect, it } from 'vitest'
import { PremiumBudgetMeter } from './premium-budget.js'
import { FloodTracker, RateLimiter } from './rate-limit.js'
import { TokenBucket } from './token-bucket.js'

describe('token bucket', () => {
  it('lets bytes through at its rate, queued in order', () => {
    const b = new TokenBucket(1_000_000)
    expect(b.reserve(500_000, 0)).toBe(500)
    expect(b.reserve(500_000, 0)).toBe(1000)
    // idle later: starts from now
    expect(b.reserve(1_000_000, 5000)).toBe(6000)
    // a long run: 100 MB at 1 MB/s takes 100 s, whatever the answer sizes
    const c = new TokenBucket(1_000_000)
    let done = 0
    for (let i = 0; i < 400; i++) done = c.reserve(250_000, 0)
    expect(done).toBe(100_000)
  })

  it('allows a burst after idling, and refunds', () => {
    const b = new TokenBucket(1_000_000, 100)
    expect(b.reserve(100_000, 1000)).toBe(1000)
    expect(b.reserve(100_000, 1000)).toBe(1100)
    b.refund(100_000, 1000)
    expect(b.backlogMs(1000)).toBe(0)
  })
})

describe('rate limits', () => {
  it('answers FLOOD_WAIT with the honest seconds until the window frees', () => {
    const r = new RateLimiter([{ method: 'upload.getFile', requests: 3, perSeconds: 10 }])
    expect(r.check('a', 'upload.getFile', 0)).toBeUndefined()
    expect(r.check('a', 'upload.getFile', 1000)).toBeUndefined()
    expect(r.check('a', 'upload.getFile', 2000)).toBeUndefined()
    expect(r.check('a', 'upload.getFile', 2500)).toBe(8) // the first leaves at 10 000
    expect(r.check('b', 'upload.getFile', 2500)).toBeUndefined()
    expect(r.check('a', 'help.getConfig', 2500)).toBeUndefined()
    expect(r.check('a', 'upload.getFile', 10_000)).toBeUndefined()
    expect(r.check('a', 'upload.getFile', 10_100)).toBe(1) // 900 ms → 1 s
  })

  it('tracks waits so an early repeat is caught, and blames only requests sent after the error arrived', () => {
    const t = new FloodTracker(0)
    t.record('a', 'm', 'FLOOD_WAIT', 5, 0)
    // sent (by its msg_id) 2 s after the error left: ignored on purpose
    expect(t.early('a', 'm', 2000)).toEqual({ error: 'FLOOD_WAIT', seconds: 3, ignored: true })
    // sent 40 ms after it left, on a link where it takes 50 ms to arrive: already under way
    expect(t.early('a', 'm', 2000, 40, 50)).toEqual({ error: 'FLOOD_WAIT', seconds: 3, ignored: false })
    expect(t.early('a', 'm', 5000)).toBeUndefined()
    expect(t.early('a', 'm', 5001)).toBeUndefined()
  })

  it('a slow way in says the way out was slow too: a request sent before the error can have arrived is not blamed', () => {
    const t = new FloodTracker(50)
    t.record('a', 'm', 'FLOOD_WAIT', 5, 0)
    // on a busy event loop (no RTT in the profile): this request took 200 ms to arrive,
    // so the error it crossed took about as long to reach the client — sent 56 ms after the error left
    expect(t.early('a', 'm', 256, 56, 0)?.ignored).toBe(false)
    // the same link, sent 300 ms after the error left: the client had had it for 100 ms
    expect(t.early('a', 'm', 500, 300, 0)?.ignored).toBe(true)
    // and on a quiet one: sent 56 ms after and here at once, it was sent despite the error
    expect(t.early('a', 'm', 57, 56, 0)?.ignored).toBe(true)
  })

  it('meters the free-account budget with an honest FLOOD_PREMIUM_WAIT', () => {
    const m = new PremiumBudgetMeter({ bytes: 3000, windowSeconds: 10 })
    m.record('a', 1000, 0)
    m.record('a', 1000, 4000)
    expect(m.check('a', 4500)).toBeUndefined()
    m.record('a', 1000, 4500)
    expect(m.check('a', 5000)).toBe(5) // the answer at 0 leaves the window at 10 000
    expect(m.check('a', 10_000)).toBeUndefined()
  })
})
