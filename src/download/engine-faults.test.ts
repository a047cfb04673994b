import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import type { MediaItem } from '../media/media-item.js'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e.test-helper.js'
import { uploadServices } from '../testkit/handlers/upload-services.js'
import type { DownloadHandle } from './download-handle.js'
import { DownloadEngine, type EngineOptions } from './engine.js'
import { type EngineFixture, engineFixture } from './engine.test-helper.js'
import type { DownloadNotice } from './events.js'

/** Runs a download; `hit` fires once, after the first bytes are on disk. */
async function download(
  fx: EngineFixture,
  accounts: AccountSessions[],
  item: MediaItem,
  name: string,
  opts: Partial<EngineOptions> & { hit?: () => void; connections?: number; partSize?: number } = {},
): Promise<{ notices: DownloadNotice[]; handle: DownloadHandle; path: string }> {
  const engine = new DownloadEngine({ accounts, verify: true, sha256: true, ...opts })
  const path = join(fx.dir, name)
  const handle = engine.download(item, {
    path,
    accounts: accounts.map((a) => a.label),
    connections: opts.connections,
    // small parts: many requests, so a fault set off by the first progress still finds some to hit
    partSize: opts.partSize ?? 256 * 1024,
  })
  const notices: DownloadNotice[] = []
  handle.on('notice', (n) => notices.push(n))
  let hit = opts.hit
  handle.on('progress', (p) => {
    if (hit && p.bytes > 0) {
      hit()
      hit = undefined
    }
  })
  try {
    const result = await handle.result
    expect(result.sha256).toBe(expectedSha256(fx.fileOf(item)))
    expect(sha256(readFileSync(path))).toBe(result.sha256)
  } finally {
    await engine.close()
  }
  return { notices, handle, path }
}

describe('the engine rides out what Telegram throws at it', () => {
  let fx: EngineFixture
  let dc2: AccountSessions
  let dc1: AccountSessions
  let big: MediaItem
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 16 * 1024 * 1024, profile: { ...lanWithLimits() } })
    dc2 = await fx.account((a) => a.dc === 2 && !a.premium)
    dc1 = await fx.account((a) => a.dc === 1 && !a.premium)
    big = (await fx.resolve(dc2, 'https://t.me/tgfetch_media/2'))[0]!
  })
  afterAll(() => fx.close())

  const violations = () => fx.testkit.network.accounting.snapshot().violations

  it('FLOOD_WAIT: waits the seconds out, sends nothing on that DC before they end', async () => {
    const started = Date.now()
    fx.testkit.faults.floodNext(2, 2, { method: 'upload.getFile' })
    const { notices } = await download(fx, [dc2], big!, 'flood.mp4')
    expect(notices.filter((n) => n.kind === 'flood-wait').length).toBeGreaterThan(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000)
    expect(violations().floodWaitIgnored).toBe(0)
  })

  it('expired file references: renewed once from the message, then the parts are retried', async () => {
    const before = fx.testkit.network.accounting.snapshot().total.requests['channels.getMessages'] ?? 0
    const { notices } = await download(fx, [dc2], big!, 'refs.mp4', {
      hit: () => fx.testkit.faults.expireFileReferences(),
    })
    const after = fx.testkit.network.accounting.snapshot().total.requests['channels.getMessages'] ?? 0
    expect(notices.some((n) => n.kind === 'file-reference')).toBe(true)
    // one renewal shared by every part in flight
    expect(after - before).toBeLessThanOrEqual(2)
  })

  it('AUTH_KEY_UNREGISTERED on an imported DC: imports again once and goes on', async () => {
    const { notices } = await download(fx, [dc1], big!, 'auth.mp4', {
      hit: () => fx.testkit.faults.forgetImportedAuth(2),
    })
    expect(notices.some((n) => n.kind === 'reconnect' && /forgot/.test(n.message))).toBe(true)
  })

  it('dropped connections and a garbage-spewing DC: reconnects, keeps the parts it had', async () => {
    const { handle } = await download(fx, [dc2], big!, 'drops.mp4', {
      hit: () => {
        fx.testkit.faults.dropConnections(2)
        setTimeout(() => fx.testkit.faults.garbage(2), 30)
      },
    })
    expect((await handle.result).refetchedBytes).toBe(0)
  })

  it('stalled requests: timed out and fetched again elsewhere', async () => {
    // once latency is measured, a stalled request times out after max(5 s, 4 × latency + 2 s)
    const stalls = () => fx.testkit.network.accounting.snapshot().faults.stall ?? 0
    const before = stalls()
    await download(fx, [dc2], big!, 'stall.mp4', {
      hit: () => fx.testkit.faults.stallNext(2, { method: 'upload.getFile' }),
      partSize: 128 * 1024,
    })
    expect(stalls() - before).toBe(2)
  }, 60_000)

  it('two accounts share one download, each with its own file reference', async () => {
    const snapshot = () => fx.testkit.network.accounting.snapshot().accounts
    const before = [dc2, dc1].map(
      (a) => snapshot()[`user:${a.account.userId}`]?.requests['upload.getFile'] ?? 0,
    )
    await download(fx, [dc2, dc1], big!, 'shared.mp4', { connections: 2 })
    const after = [dc2, dc1].map(
      (a) => snapshot()[`user:${a.account.userId}`]?.requests['upload.getFile'] ?? 0,
    )
    expect(after[0]! - before[0]!).toBeGreaterThan(0)
    expect(after[1]! - before[1]!).toBeGreaterThan(0)
  })

  it('FILE_MIGRATE: a location sent to the wrong DC follows Telegram to the right one', async () => {
    const misplaced: MediaItem = { ...big!, dcId: 4 }
    const { notices } = await download(fx, [dc2], misplaced, 'migrate.mp4')
    expect(notices.some((n) => n.kind === 'migrate' && n.dcId === 2)).toBe(true)
  })

  it('CDN: redirected parts fetched from the CDN DC, decrypted and checked, re-uploads done when asked', async () => {
    const cdn = uploadServices(fx.testkit.cluster.state).cdn
    cdn.coldStart = true
    try {
      const { notices } = await download(fx, [dc2], big!, 'cdn.mp4', { cdn: true })
      expect(notices.some((n) => n.kind === 'hash-mismatch')).toBe(false)
    } finally {
      cdn.coldStart = false
    }
    const seen = fx.testkit.network.accounting.snapshot().total.requests
    expect(seen['upload.getCdnFile']).toBeGreaterThan(0)
    expect(seen['upload.reuploadCdnFile']).toBeGreaterThan(0)
  })

  it('CDN tokens revoked mid-download: falls back to the main DC', async () => {
    const cdn = uploadServices(fx.testkit.cluster.state).cdn
    const { notices } = await download(fx, [dc2], big!, 'cdn-revoked.mp4', {
      cdn: true,
      hit: () => cdn.revokeTokens(),
    })
    expect(notices.some((n) => n.kind === 'cdn')).toBe(true)
  })
})

describe('FLOOD_PREMIUM_WAIT: a free account over its byte budget slows down instead of failing', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({
      largeFileSize: 16 * 1024 * 1024,
      profile: {
        ...lanWithLimits(),
        premiumBudget: { bytes: 6_000_000, windowSeconds: 1, methods: ['upload.getFile'] },
      },
    })
  })
  afterAll(() => fx.close())

  it('the pace drops (fewer connections), nothing is sent before a wait ends, the file is whole', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const { notices } = await download(fx, [me], item!, 'premium-wait.mp4')
    expect(notices.some((n) => n.kind === 'premium-wait')).toBe(true)
    expect(fx.testkit.network.accounting.snapshot().violations.floodWaitIgnored).toBe(0)
  }, 60_000)
})

/** no round trip, but shaped enough (16 MB/s per account) that faults land mid-download */
function lanWithLimits() {
  return {
    name: 'lan-limited',
    description: 'loopback, 4 MB/s per connection, 16 MB/s per account',
    rttMs: 0,
    rttByDc: {},
    connectionBytesPerSecond: 4_000_000,
    accountBytesPerSecond: 16_000_000,
    burstMs: 0,
    maxConnectionsPerAuthKey: 20,
    rateLimits: [],
    premiumBudget: null,
    faults: null,
  }
}
