import { describe, expect, it } from 'vitest'
import type { ClientSession } from '../mtproto/index.js'
import { DcPool } from './dc-pool.js'
import { FloodGate } from './flood-gate.js'
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
