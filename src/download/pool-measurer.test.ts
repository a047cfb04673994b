import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClientSession } from '../mtproto/index.js'
import { type MeasuredPool, PoolMeasurer } from './pool-measurer.js'
import type { PhaseSample, PoolSizer, SizerDecision } from './pool-sizer.js'
import { PooledConnection } from './pooled-connection.js'

const MIB = 1024 * 1024

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** A busy pool of `n` open connections, and a sizer that records what it is shown and holds. */
function measured(n: number) {
  const connections = Array.from(
    { length: n },
    (_, i) => new PooledConnection(i, { isClosed: false } as ClientSession),
  )
  const pool: MeasuredPool = {
    connections: () => connections,
    opening: () => 0,
    busy: () => true,
    resize: vi.fn(),
  }
  const samples: PhaseSample[] = []
  const sizer = {
    decide: (sample: PhaseSample): SizerDecision => {
      samples.push(sample)
      return { action: 'hold' }
    },
  } as unknown as PoolSizer
  const measurer = new PoolMeasurer(pool, sizer, false)
  /** every connection delivers one part, as after a resize */
  const warmUp = (): void => {
    measurer.connectionAdded()
    for (const c of connections) {
      c.delivered(MIB, 600)
      measurer.partDone()
    }
  }
  return { connections, measurer, samples, warmUp }
}

describe('PoolMeasurer', () => {
  it('ends a phase only once every connection delivered a part in it: no empty sample (1 MiB parts at 2 MB/s)', () => {
    const { connections, samples, warmUp } = measured(2)
    warmUp()
    // a phase's planned length passes with both parts still on their way
    vi.advanceTimersByTime(900)
    expect(samples).toEqual([])
    connections[0]!.delivered(MIB, 600)
    vi.advanceTimersByTime(100)
    expect(samples).toEqual([])
    connections[1]!.delivered(MIB, 600)
    vi.advanceTimersByTime(100)
    expect(samples).toHaveLength(1)
    expect(samples[0]!.connections).toBe(2)
    // 2 MiB in the ~1.05 s the phase lasted
    expect(samples[0]!.speed).toBeGreaterThan(1.8 * MIB)
    expect(samples[0]!.speed).toBeLessThan(2.2 * MIB)
  })

  it('gives up waiting after 3 s: a stalled connection is measured as such', () => {
    const { connections, samples, warmUp } = measured(2)
    warmUp()
    connections[0]!.delivered(MIB, 600)
    vi.advanceTimersByTime(3100)
    expect(samples).toHaveLength(1)
    expect(samples[0]!.speed).toBeGreaterThan(0)
    expect(samples[0]!.speed).toBeLessThan(0.4 * MIB)
  })
})
