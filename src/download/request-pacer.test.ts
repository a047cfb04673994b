import { describe, expect, it } from 'vitest'
import { type PaceMemory, RequestPacer } from './request-pacer.js'

/** A pacer on a fake clock, driven by a client that wants `demand` requests/s. */
function drive(pacer: RequestPacer, clock: { t: number }, ms: number, demand: number): number[] {
  const sent: number[] = []
  let owed = 0
  for (const end = clock.t + ms; clock.t < end; clock.t++) {
    owed += demand / 1000
    while (owed >= 1 && pacer.tryTake() === 0) {
      owed--
      sent.push(clock.t)
    }
  }
  return sent
}

/** the most sends in any window of `windowMs` */
function busiest(times: number[], windowMs = 1000): number {
  let most = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

function setup(memory?: PaceMemory) {
  const clock = { t: 0 }
  const pacer = new RequestPacer('upload.getFile', memory, () => clock.t)
  return { clock, pacer }
}

describe('RequestPacer', () => {
  it('sets no limit before the first FLOOD_WAIT', () => {
    const { clock, pacer } = setup()
    expect(drive(pacer, clock, 1000, 500)).toHaveLength(500)
  })

  it('after a FLOOD_WAIT: under the rate that drew it, evenly spaced, never a burst after the wait', () => {
    const { clock, pacer } = setup()
    drive(pacer, clock, 1000, 120)
    pacer.flooded(1)
    expect(pacer.rate).toBeCloseTo(108, 0)
    clock.t += 1000 // the gate's wait
    const sent = drive(pacer, clock, 10_000, 1000)
    // 108/s (109 after 10 s of probing): one per 9.2 ms, never the 120 that drew the wait
    expect(busiest(sent)).toBeLessThanOrEqual(110)
    expect(busiest(sent, 100)).toBeLessThanOrEqual(12)
    expect(sent.length).toBeGreaterThan(1000)
  })

  it('echoes of the same FLOOD_WAIT (requests already on their way) lower the rate once', () => {
    const { clock, pacer } = setup()
    drive(pacer, clock, 1000, 100)
    pacer.flooded(1)
    const learned = pacer.rate
    expect(learned).toBeLessThanOrEqual(90)
    clock.t += 50
    pacer.flooded(1)
    pacer.flooded(1)
    expect(pacer.rate).toBeCloseTo(learned, 1)
    // a new one, once the wait is over, lowers it again
    clock.t += 1000
    drive(pacer, clock, 1000, 1000)
    pacer.flooded(1)
    expect(pacer.rate).toBeLessThan(learned * 0.91)
  })

  it('probes back up slowly: 1 % per 10 s without a FLOOD_WAIT', () => {
    const { clock, pacer } = setup()
    drive(pacer, clock, 1000, 100)
    pacer.flooded(1)
    const sent = drive(pacer, clock, 100_000, 1000)
    const lastSecond = sent.filter((t) => t >= clock.t - 1000)
    expect(lastSecond.length).toBeGreaterThanOrEqual(98)
    expect(lastSecond.length).toBeLessThanOrEqual(100)
    // and the first ten seconds stayed under the 100/s that drew the wait
    expect(busiest(sent.filter((t) => t < 11_000))).toBeLessThan(100)
  })

  it('a FLOOD_WAIT soon after a wait ended is measured over the time since it ended, not the whole second', () => {
    const { clock, pacer } = setup()
    drive(pacer, clock, 1000, 100)
    pacer.flooded(1)
    clock.t += 1000 // the wait: nothing sent
    drive(pacer, clock, 300, 1000) // 300 ms at the learned ~90/s
    const before = pacer.rate
    pacer.flooded(1)
    // 27 requests in 300 ms is 90/s, not 27/s
    expect(pacer.rate).toBeGreaterThan(before * 0.85)
    expect(pacer.rate).toBeLessThan(before * 0.91)
  })

  it('learns nothing from a refusal after next to no requests', () => {
    const { clock, pacer } = setup()
    drive(pacer, clock, 1000, 2)
    pacer.flooded(3)
    expect(pacer.rate).toBe(Number.POSITIVE_INFINITY)
  })

  it('remembers what it learned, and a new pacer starts from it', () => {
    const kept = new Map<string, number>()
    const memory: PaceMemory = {
      recall: (method) => kept.get(method),
      remember: (method, rate) => kept.set(method, rate),
    }
    const first = setup(memory)
    drive(first.pacer, first.clock, 1000, 50)
    first.pacer.flooded(1)
    expect(kept.get('upload.getFile')).toBeCloseTo(45, 0)
    const next = setup(memory)
    expect(busiest(drive(next.pacer, next.clock, 3000, 1000))).toBeLessThanOrEqual(46)
  })
})
