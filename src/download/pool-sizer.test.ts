import { describe, expect, it } from 'vitest'
import { PoolSizer, windowFor } from './pool-sizer.js'

const MIB = 1024 * 1024

/** A link where each connection gets `perConn` bytes/s and the account at most `cap`. */
function measure(connections: number, perConn: number, cap: number) {
  const speed = Math.min(connections * perConn, cap)
  return { connections, speed, perConnection: speed / connections }
}

/** Runs the sizer's phases against a link until it holds still. */
function settle(sizer: PoolSizer, perConn: number, cap: number, start = 4): number {
  let n = start
  for (let phase = 0; phase < 20; phase++) {
    const d = sizer.decide(measure(n, perConn, cap), phase * 1000)
    if (d.action === 'hold') return n
    n = d.to
  }
  return n
}

describe('PoolSizer', () => {
  it('grows to a per-connection-capped account limit (free: 2 MB/s each, 20 MB/s in all)', () => {
    const n = settle(new PoolSizer({ min: 1, max: 12 }), 2e6, 20e6)
    expect(n).toBeGreaterThanOrEqual(10)
    expect(n).toBeLessThanOrEqual(12)
  })

  it('grows to the premium limit (5 MB/s each, 80 MB/s in all) within its ceiling', () => {
    const n = settle(new PoolSizer({ min: 1, max: 18 }), 5e6, 80e6)
    expect(n).toBeGreaterThanOrEqual(16)
  })

  it('goes back when more connections bring nothing (an unshaped link bound by the CPU)', () => {
    const sizer = new PoolSizer({ min: 1, max: 18 })
    expect(sizer.decide(measure(4, 50e6, 200e6), 0)).toEqual({ action: 'grow', to: 8 })
    // measured twice: one phase is about a part per connection
    expect(sizer.decide(measure(8, 25e6, 200e6), 500)).toEqual({ action: 'hold' })
    expect(sizer.decide(measure(8, 25e6, 200e6), 1000)).toEqual({ action: 'shrink', to: 4 })
    // and holds there until it is time to probe again
    expect(sizer.decide(measure(4, 50e6, 200e6), 2000)).toEqual({ action: 'hold' })
    expect(sizer.decide(measure(4, 50e6, 200e6), 20_000)).toEqual({ action: 'grow', to: 8 })
  })

  it('goes back up when the smaller pool turns out slower: the speed it was held to was measured high', () => {
    // free: an account may burst at first (the testkit's bucket, Telegram's too), then 20 MB/s at most,
    // and each connection fetches ~2.1 MB/s at this round trip
    const sizer = new PoolSizer({ min: 1, max: 12 })
    expect(sizer.decide({ connections: 8, speed: 33e6, perConnection: 4.1e6 }, 0)).toEqual({
      action: 'grow',
      to: 12,
    })
    // 12 are at the account's cap, below the burst: more brought nothing, it seems (twice)
    expect(sizer.decide(measure(12, 2.1e6, 20e6), 500)).toEqual({ action: 'hold' })
    expect(sizer.decide(measure(12, 2.1e6, 20e6), 1000)).toEqual({ action: 'shrink', to: 8 })
    // but 8 make 16.8 MB/s where 12 made 20: the 12 stay, and hold
    expect(sizer.decide(measure(8, 2.1e6, 20e6), 2000)).toEqual({ action: 'grow', to: 12 })
    expect(sizer.decide(measure(12, 2.1e6, 20e6), 3000)).toEqual({ action: 'hold' })
    expect(sizer.decide(measure(12, 2.1e6, 20e6), 4000)).toEqual({ action: 'hold' })
  })

  it('keeps the larger pool when one phase of it measured low: a phase is where parts happened to land', () => {
    // free, as a fresh download's trace had it: 8 connections measured above what 8 can fetch (parts that
    // landed together), then one 12-connection phase below the account's cap
    const sizer = new PoolSizer({ min: 1, max: 12 })
    expect(sizer.decide({ connections: 8, speed: 20.9e6, perConnection: 2.6e6 }, 0)).toEqual({
      action: 'grow',
      to: 12,
    })
    expect(sizer.decide({ connections: 12, speed: 18e6, perConnection: 1.5e6 }, 500)).toEqual({
      action: 'hold',
    })
    // the next phase of the same 12 shows the gain (as 12 phases mostly measured in that trace): they stay
    expect(sizer.decide({ connections: 12, speed: 31.4e6, perConnection: 2.6e6 }, 1000)).toEqual({
      action: 'hold',
    })
    expect(sizer.decide({ connections: 12, speed: 25e6, perConnection: 2.1e6 }, 1500)).toEqual({
      action: 'hold',
    })
  })

  it('FLOOD_PREMIUM_WAIT: two thirds of the connections, and that is the ceiling from then on', () => {
    const sizer = new PoolSizer({ min: 1, max: 18 })
    expect(sizer.slowDown(12)).toEqual({ action: 'shrink', to: 8 })
    expect(sizer.max).toBe(8)
    expect(settle(sizer, 5e6, 80e6, 8)).toBe(8)
  })
})

describe('windowFor', () => {
  it('keeps a bandwidth-delay product in flight, within 2…8 parts', () => {
    expect(windowFor(2e6, 100, MIB)).toBe(2)
    expect(windowFor(20e6, 200, MIB)).toBe(5)
    expect(windowFor(100e6, 500, MIB)).toBe(8)
    expect(windowFor(0, 0, MIB)).toBe(2)
  })
})
