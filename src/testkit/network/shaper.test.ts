import { afterAll, describe, expect, it } from 'vitest'
import { PRESETS } from './profiles.js'
import { pump, startShapedDc } from './test-server.test-helper.js'

const base = { ...PRESETS.lan, name: 'test', rttMs: 0 }

describe('shaper', () => {
  const closers: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of closers) await close()
  })

  // A busy machine only slows a transfer down: the bound that must hold anywhere is the upper
  // one; the lower one only says that the shaper lets bytes through at all.
  it('holds one connection to its rate (2 MB/s over 3 s: never more than 15 % above)', async () => {
    const dc = await startShapedDc({ ...base, connectionBytesPerSecond: 2_000_000 })
    closers.push(dc.close)
    const { session } = await dc.connect()
    const { bytes, seconds } = await pump(session, 3000, 128 * 1024, 4)
    const rate = bytes / seconds
    expect(rate).toBeGreaterThan(2_000_000 * 0.3)
    expect(rate).toBeLessThan(2_000_000 * 1.15)
    // the testkit's own ledger agrees with what the client saw
    const snap = dc.network.accounting.snapshot()
    expect(snap.total.answerBytes).toBeGreaterThanOrEqual(bytes)
    // every 128 KiB the client got was one answered request
    expect(snap.total.requests['upload.getFile']).toBeGreaterThanOrEqual(Math.floor(bytes / (128 * 1024)))
    session.close()
  })

  it('shares the account rate between connections (3 × 2 MB/s capped at 3 MB/s)', async () => {
    const dc = await startShapedDc({
      ...base,
      connectionBytesPerSecond: 2_000_000,
      accountBytesPerSecond: 3_000_000,
    })
    closers.push(dc.close)
    const first = await dc.connect()
    const others = [await dc.connect(first.authKey), await dc.connect(first.authKey)]
    const sessions = [first.session, ...others.map((o) => o.session)]
    const runs = await Promise.all(sessions.map((s) => pump(s, 3000, 128 * 1024, 3)))
    const seconds = Math.max(...runs.map((r) => r.seconds))
    const total = runs.reduce((sum, r) => sum + r.bytes, 0) / seconds
    expect(total).toBeGreaterThan(3_000_000 * 0.3)
    expect(total).toBeLessThan(3_000_000 * 1.15)
    // every connection got a share, and none more than its own rate
    for (const r of runs) {
      expect(r.bytes).toBeGreaterThan(0)
      expect(r.bytes / r.seconds).toBeLessThan(2_000_000 * 1.15)
    }
    for (const s of sessions) s.close()
  })

  it('adds the RTT to every answer', async () => {
    const dc = await startShapedDc({ ...base, rttMs: 200, rttByDc: { '2': 300 } })
    closers.push(dc.close)
    const { session } = await dc.connect()
    await session.call({ _: 'help.getNearestDc' })
    const t = performance.now()
    await session.call({ _: 'help.getNearestDc' })
    const ms = performance.now() - t
    expect(ms).toBeGreaterThanOrEqual(295)
    expect(ms).toBeLessThan(1500)
    session.close()
  })

  it('leaves lan unshaped', async () => {
    const dc = await startShapedDc(PRESETS.lan)
    closers.push(dc.close)
    const { session } = await dc.connect()
    const { bytes, seconds } = await pump(session, 500, 1024 * 1024, 4)
    expect(bytes / seconds).toBeGreaterThan(8_000_000)
    session.close()
  })
})
