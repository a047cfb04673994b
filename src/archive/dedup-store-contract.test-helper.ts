/**
 * What every DedupStore backend must do, run against each. Two handles on
 * one store stand for two workers (two machines, with Redis). Time is the
 * fixture's: SQLite moves an injected clock, Redis lets real time pass; a
 * claim that must still be held is taken for a minute, so a busy machine
 * cannot make it lapse.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchivedFile, DedupStore } from './dedup-store.js'

export interface DedupFixture {
  one: DedupStore
  two: DedupStore
  elapse(ms: number): Promise<void>
  /** a claim short enough to let lapse in the test */
  shortMs: number
  close(): Promise<void>
}

const HELD = 60_000

const file: ArchivedFile = {
  identity: 'doc:5000001@2',
  path: '/archive/a/1.zip',
  size: 4096,
  sha256: 'ab'.repeat(32),
  chatId: 1_500_000_001,
  msgId: 1,
}

export function describeDedupStoreContract(name: string, make: () => Promise<DedupFixture>): void {
  describe(`${name}: the DedupStore contract`, () => {
    let fx: DedupFixture
    beforeEach(async () => {
      fx = await make()
    })
    afterEach(() => fx.close())

    it('a claim is exclusive: one holder per file, whichever worker asks', async () => {
      const { one, two } = fx
      expect(await one.claim(file.identity, 'a', HELD)).toBe(true)
      expect(await two.claim(file.identity, 'b', HELD)).toBe(false)
      expect(await one.claim(file.identity, 'a', HELD)).toBe(true)
      expect(await two.claim('doc:5000001@3', 'b', HELD)).toBe(true)
    })

    it('of many claims at once, exactly one wins', async () => {
      const { one, two } = fx
      const won = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).claim(file.identity, `h${i}`, HELD)),
      )
      expect(won.filter(Boolean)).toHaveLength(1)
    })

    it('the holder renews its claim past its first expiry', async () => {
      const { one, two } = fx
      expect(await one.claim(file.identity, 'a', fx.shortMs)).toBe(true)
      expect(await one.claim(file.identity, 'a', HELD)).toBe(true)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.claim(file.identity, 'b', HELD)).toBe(false)
    })

    it('an expired claim can be taken; its old holder has lost it', async () => {
      const { one, two } = fx
      await one.claim(file.identity, 'a', fx.shortMs)
      await fx.elapse(fx.shortMs + 100)
      expect(await two.claim(file.identity, 'b', HELD)).toBe(true)
      expect(await one.claim(file.identity, 'a', HELD)).toBe(false)
    })

    it('unclaim by a non-holder does nothing; by the holder frees the file', async () => {
      const { one, two } = fx
      await one.claim(file.identity, 'a', HELD)
      await two.unclaim(file.identity, 'b')
      expect(await two.claim(file.identity, 'b', HELD)).toBe(false)
      await one.unclaim(file.identity, 'a')
      expect(await two.claim(file.identity, 'b', HELD)).toBe(true)
    })

    it('a recorded file is found by its identity from any worker; an unknown one is not', async () => {
      const { one, two } = fx
      expect(await two.lookup(file.identity)).toBeUndefined()
      await one.record(file)
      expect(await two.lookup(file.identity)).toEqual(file)
      expect(await two.lookup('doc:5000001@3')).toBeUndefined()
    })

    it('record keeps the first copy, unless it is the one being replaced', async () => {
      const { one, two } = fx
      await one.record(file)
      const again = { ...file, path: '/archive/b/9.zip', chatId: 7, msgId: 9 }
      await two.record(again)
      await two.record(again, '/archive/elsewhere/1.zip')
      expect(await one.lookup(file.identity)).toEqual(file)
      // the first copy was found gone from disk
      await two.record(again, file.path)
      expect(await one.lookup(file.identity)).toEqual(again)
    })

    it('bytes saved accumulate across workers', async () => {
      const { one, two } = fx
      expect(await one.dedupedBytes()).toBe(0)
      await one.noteDeduped(4096)
      await two.noteDeduped(100)
      expect(await one.dedupedBytes()).toBe(4196)
      expect(await two.dedupedBytes()).toBe(4196)
    })
  })
}
