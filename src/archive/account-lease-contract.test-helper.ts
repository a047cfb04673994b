/**
 * What every AccountLeases backend must do, run against each. Time is the
 * fixture's: SQLite moves an injected clock, Redis lets real time pass; a
 * lease that must still be held is taken for a minute, so a busy machine
 * cannot make it lapse.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountLeases } from './account-lease.js'

export interface LeasesFixture {
  /** two workers' handles on one store */
  one: AccountLeases
  two: AccountLeases
  now(): number
  elapse(ms: number): Promise<void>
  /** a lease short enough to let lapse in the test */
  shortMs: number
  close(): Promise<void>
}

const HELD = 60_000

export function describeAccountLeasesContract(name: string, make: () => Promise<LeasesFixture>): void {
  describe(`${name}: the AccountLeases contract`, () => {
    let fx: LeasesFixture
    beforeEach(async () => {
      fx = await make()
    })
    afterEach(() => fx.close())

    it('one worker at a time; the holder may take it again', async () => {
      const { one, two } = fx
      expect(await one.acquire('+999662', 'w1', HELD)).toBe(true)
      expect(await two.acquire('+999662', 'w2', HELD)).toBe(false)
      expect(await one.acquire('+999662', 'w1', HELD)).toBe(true)
      expect(await two.acquire('+999663', 'w2', HELD)).toBe(true)
    })

    it('a renewed lease is kept past its first expiry', async () => {
      const { one, two } = fx
      await one.acquire('acc', 'w1', fx.shortMs)
      expect(await one.renew('acc', 'w1', HELD)).toBe(true)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.acquire('acc', 'w2', HELD)).toBe(false)
    })

    it('a lease not renewed expires and another worker takes over; the first has lost it', async () => {
      const { one, two } = fx
      await one.acquire('acc', 'w1', fx.shortMs)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.acquire('acc', 'w2', HELD)).toBe(true)
      expect(await one.renew('acc', 'w1', HELD)).toBe(false)
      // the loser's release does not free the winner's lease
      await one.release('acc', 'w1')
      expect(await one.acquire('acc', 'w1', HELD)).toBe(false)
    })

    it('a released account is free at once', async () => {
      const { one, two } = fx
      await one.acquire('acc', 'w1', HELD)
      await one.release('acc', 'w1')
      expect(await two.acquire('acc', 'w2', HELD)).toBe(true)
    })

    it('a FLOOD_WAIT outlives the lease: the worker that takes over waits it out', async () => {
      const { one, two } = fx
      await one.acquire('acc', 'w1', fx.shortMs)
      const end = fx.now() + 3_600_000
      await one.setFloodUntil('acc', 'upload.getFile', end)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.acquire('acc', 'w2', HELD)).toBe(true)
      expect(await two.floodUntil('acc', 'upload.getFile')).toBe(end)
      // per method and per account: other calls may go
      expect(await two.floodUntil('acc', 'messages.getHistory')).toBe(0)
      expect(await two.floodUntil('other', 'upload.getFile')).toBe(0)
      // a shorter wait met later does not shorten it
      await two.setFloodUntil('acc', 'upload.getFile', fx.now() + 5_000)
      expect(await one.floodUntil('acc', 'upload.getFile')).toBe(end)
    })

    it('a wait that has ended reads as none', async () => {
      const { one, two } = fx
      await one.setFloodUntil('acc', 'upload.getFile', fx.now() + fx.shortMs)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.floodUntil('acc', 'upload.getFile')).toBe(0)
    })
  })
}
