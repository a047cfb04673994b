import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e.test-helper.js'
import { loadProfile } from '../testkit/network/profiles.js'
import { DownloadEngine } from './engine.js'
import { type EngineFixture, engineFixture } from './engine.test-helper.js'
import type { SharedFloods } from './flood-gate.js'

/**
 * hostile without its random faults, and with its getFile limit (100/s per
 * account) lowered to 30/s: a busy 2-core machine reaches 30 requests/s of
 * 256 KiB parts but not always 100, and the test must not depend on the CPU.
 */
function hostileRateLimited() {
  const hostile = loadProfile('hostile')
  return {
    ...hostile,
    faults: null,
    rateLimits: hostile.rateLimits.map((l) => (l.method === 'upload.getFile' ? { ...l, requests: 30 } : l)),
  }
}

describe('pacing: a getFile rate limit per account', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 24 * 1024 * 1024, profile: hostileRateLimited(), seed: 7 })
  })
  afterAll(() => fx.close())

  /** One `get` of three files in 256 KiB parts on a new engine: the FLOOD_WAITs the account was told. */
  async function getThree(me: AccountSessions, run: number): Promise<number> {
    const links = [
      'https://t.me/tgfetch_media/2',
      'https://t.me/tgfetch_media/4',
      'https://t.me/tgfetch_media/8',
    ]
    const items = await Promise.all(links.map(async (l) => (await fx.resolve(me, l))[0]!))
    const account = fx.testkit.network.accounting.snapshot().accounts[`user:${me.account.userId}`]
    const before = floodWaits(account?.errors ?? {})
    const engine = new DownloadEngine({ accounts: [me], sha256: true })
    try {
      const handles = items.map((item, i) =>
        engine.download(item, { path: join(fx.dir, `paced-${run}-${i}`), partSize: 256 * 1024 }),
      )
      const results = await Promise.all(handles.map((h) => h.result))
      for (const [i, result] of results.entries()) {
        const expected = expectedSha256(fx.fileOf(items[i]!))
        expect(result.sha256).toBe(expected)
        expect(sha256(readFileSync(result.path))).toBe(expected)
      }
    } finally {
      await engine.close()
    }
    const after = fx.testkit.network.accounting.snapshot().accounts[`user:${me.account.userId}`]
    return floodWaits(after?.errors ?? {}) - before
  }

  it('learns the limit in one run and keeps it in the state store: the next run is told FLOOD_WAIT at most 10 times, every file byte-identical', async () => {
    const me = await fx.account((a) => a.dc === 2 && a.premium)
    const first = await getThree(me, 1)
    // the state store, as the next `tgfetch get` opens it
    const learned = fx.store.pace.get(me.account.id, 'upload.getFile')
    const second = await getThree(me, 2)
    console.log(`pacing: FLOOD_WAITs ${first} in the first run, ${second} in the next; learned ${learned}/s`)
    // what it learned depends on how fast this machine sent (a slow one may never reach the limit): only that it kept a rate
    expect(learned).toBeGreaterThan(0)
    expect(second).toBeLessThanOrEqual(10)
    expect(fx.testkit.network.accounting.snapshot().violations.floodWaitIgnored).toBe(0)
  }, 180_000)

  it('a FLOOD_WAIT one engine was told, kept in a shared store, holds back the next engine of the account: nothing sent during it', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/4')
    const waits = new Map<string, number>()
    const floods: SharedFloods = {
      floodUntil: async (account, method) => waits.get(`${account} ${method}`) ?? 0,
      async setFloodUntil(account, method, until) {
        waits.set(`${account} ${method}`, Math.max(waits.get(`${account} ${method}`) ?? 0, until))
      },
    }
    // the first process: stopped as soon as it is told to wait (a worker that dies or loses the account)
    const first = new DownloadEngine({
      accounts: [me],
      floods,
      onNotice: (n) => n.kind === 'flood-wait' && told(),
    })
    let told!: () => void
    const flooded = new Promise<void>((r) => {
      told = r
    })
    const path = join(fx.dir, 'shared-flood')
    first.download(item!, { path, partSize: 64 * 1024 }).result.catch(() => {})
    await flooded
    await first.close()
    expect([...waits.keys()]).toEqual([`${me.label} upload.getFile`])
    // the next holder of the account, on its own connections: it resumes the file after the wait
    const next = new DownloadEngine({ accounts: [me], floods, sha256: true })
    try {
      const result = await next.download(item!, { path, partSize: 64 * 1024 }).result
      expect(result.sha256).toBe(expectedSha256(fx.fileOf(item!)))
    } finally {
      await next.close()
    }
    expect(fx.testkit.network.accounting.snapshot().violations.floodWaitIgnored).toBe(0)
  }, 180_000)
})

/** FLOOD_WAIT_X answers of any X in an account's error counts */
function floodWaits(errors: Record<string, number>): number {
  return Object.entries(errors)
    .filter(([text]) => text.startsWith('FLOOD_WAIT_'))
    .reduce((sum, [, n]) => sum + n, 0)
}
