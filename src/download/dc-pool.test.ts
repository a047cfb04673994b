import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ClientSession } from '../mtproto/index.js'
import { DcPool } from './dc-pool.js'
import { FloodGate } from './flood-gate.js'
import { MAX_PART } from './part-plan.js'
import { PoolClosedError } from './pooled-connection.js'

function fakeSession(): ClientSession {
  let closed = false
  return {
    get isClosed() {
      return closed
    },
    close: () => {
      closed = true
    },
  } as unknown as ClientSession
}

describe('DcPool', () => {
  it('hands out slots on the connections it opens', async () => {
    let opened = 0
    const pool = new DcPool({
      dcId: 2,
      account: 'a',
      maxConnections: 2,
      fixedConnections: 2,
      connect: async () => {
        opened++
        return fakeSession()
      },
    })
    const leases = await Promise.all([0, 1, 2, 3].map(() => pool.acquire(new AbortController().signal)))
    expect(opened).toBe(2)
    // two slots per connection before anything is measured
    expect(new Set(leases.map((l) => l.connection.id)).size).toBe(2)
    for (const l of leases) l.release()
    await pool.close()
  })

  it('warm opens the connections it starts with before anyone asks; the first slots go on them', async () => {
    const events: string[] = []
    const pool = new DcPool({
      dcId: 2,
      account: 'a',
      maxConnections: 12,
      initialConnections: 3,
      connect: async () => {
        events.push('connect')
        return fakeSession()
      },
    })
    pool.warm()
    await vi.waitFor(() => expect(pool.size).toBe(3))
    events.push('acquire')
    const leases = await Promise.all([0, 1, 2].map(() => pool.acquire(new AbortController().signal)))
    expect(events).toEqual(['connect', 'connect', 'connect', 'acquire'])
    expect(new Set(leases.map((l) => l.connection.id)).size).toBe(3)
    for (const l of leases) l.release()
    await pool.close()
    // a closed pool opens nothing
    pool.warm()
    expect(events.filter((e) => e === 'connect')).toHaveLength(3)
  })

  it("starts with the connections it is told (the last run's size) and tells each resize", async () => {
    let opened = 0
    const sizes: number[] = []
    const pool = new DcPool({
      dcId: 2,
      account: 'a',
      maxConnections: 12,
      initialConnections: 3,
      onResize: (n) => sizes.push(n),
      connect: async () => {
        opened++
        return fakeSession()
      },
    })
    const leases = await Promise.all([0, 1, 2, 3, 4, 5].map(() => pool.acquire(new AbortController().signal)))
    expect(opened).toBe(3)
    // FLOOD_PREMIUM_WAIT: two thirds of them, and the next run is told so
    pool.slowDown()
    expect(sizes).toEqual([2])
    for (const l of leases) l.release()
    await pool.close()
  })

  it('closed while a caller waits out a flood: the caller hears of it instead of waiting forever', async () => {
    const gate = new FloodGate()
    gate.close(0.3)
    let connects = 0
    const pool = new DcPool({
      dcId: 2,
      account: 'a',
      maxConnections: 2,
      gate,
      connect: async () => {
        connects++
        return fakeSession()
      },
    })
    const waiting = pool.acquire(new AbortController().signal)
    await pool.close()
    const outcome = await Promise.race([
      waiting.then(
        () => 'lease',
        (e: unknown) => e,
      ),
      new Promise((r) => setTimeout(() => r('still waiting'), 2000)),
    ])
    expect(outcome).toBeInstanceOf(PoolClosedError)
    expect(connects).toBe(0)
  })
})

describe('DcPool: requests in flight per connection', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** How many requests of `partSize` one connection takes at once; the rest wait (then give up). */
  async function slots(pool: DcPool, partSize: number): Promise<number> {
    const stop = new AbortController()
    const got: unknown[] = []
    const waits = Array.from({ length: 12 }, () =>
      pool.acquire(stop.signal, { partSize }).then(
        (lease) => got.push(lease),
        () => {},
      ),
    )
    await new Promise((r) => setImmediate(r))
    const n = got.length
    stop.abort()
    await Promise.all(waits)
    for (const lease of got as { release(): void }[]) lease.release()
    return n
  }

  it("sized by the request's part size, not a part size of the pool's", async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] })
    // as the engine makes it: no part size of its own (downloads of any part size share it)
    const pool = new DcPool({
      dcId: 2,
      account: 'a',
      minConnections: 1,
      maxConnections: 1,
      initialConnections: 1,
      connect: async () => fakeSession(),
    })
    const signal = new AbortController().signal
    // the connection's first part (200 ms) warms it up; measuring starts
    ;(await pool.acquire(signal, { partSize: 256 * 1024 })).done(262_144, 200)
    // 1 MB in the next 100 ms: 10 MB/s; the fastest answer, 200 ms, less 63 ms of transfer: a 137 ms round trip
    vi.advanceTimersByTime(100)
    ;(await pool.acquire(signal, { partSize: MAX_PART })).done(1_000_000, 200)
    // 1.37 MB in flight keeps the pipe full: 2 parts of 1 MiB + 1, or 6 of 256 KiB + 1
    expect(await slots(pool, MAX_PART)).toBe(3)
    expect(await slots(pool, 256 * 1024)).toBe(7)
    await pool.close()
  })
})
