import { afterAll, describe, expect, it } from 'vitest'
import { RpcError } from '../../mtproto/index.js'
import { PRESETS } from './profiles.js'
import { getFile, startShapedDc } from './test-server.test-helper.js'

const base = { ...PRESETS.lan, name: 'test' }
const errorOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  )

describe('rate limits, the free-account budget and the connection cap', () => {
  const closers: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of closers) await close()
  })

  it('answers FLOOD_WAIT_X with an honest X and records a client that ignores it', async () => {
    const dc = await startShapedDc({
      ...base,
      rateLimits: [{ method: 'help.getNearestDc', requests: 3, perSeconds: 2 }],
    })
    closers.push(dc.close)
    const { session } = await dc.connect()
    for (let i = 0; i < 3; i++) await session.call({ _: 'help.getNearestDc' })
    const flood = await errorOf(session.call({ _: 'help.getNearestDc' }))
    expect(flood).toBeInstanceOf(RpcError)
    const seconds = (flood as RpcError).seconds!
    expect((flood as RpcError).kind).toBe('FLOOD_WAIT')
    expect(seconds).toBeGreaterThanOrEqual(1)
    expect(seconds).toBeLessThanOrEqual(2)
    expect(dc.network.accounting.snapshot().violations.floodWaitIgnored).toBe(0)
    // ignoring it: asked again well after the error arrived (requests already under way are forgiven)
    await new Promise((r) => setTimeout(r, 120))
    const again = await errorOf(session.call({ _: 'help.getNearestDc' }))
    expect((again as RpcError).kind).toBe('FLOOD_WAIT')
    const snap = dc.network.accounting.snapshot()
    expect(snap.violations.floodWaitIgnored).toBe(1)
    expect(snap.total.errors[`FLOOD_WAIT_${seconds}`]).toBeGreaterThanOrEqual(1)
    // honouring it: after X seconds the call goes through, no new violation
    await new Promise((r) => setTimeout(r, seconds * 1000 + 50))
    await expect(session.call({ _: 'help.getNearestDc' })).resolves.toMatchObject({ _: 'nearestDc' })
    expect(dc.network.accounting.snapshot().violations.floodWaitIgnored).toBe(1)
    session.close()
  })

  it('answers FLOOD_PREMIUM_WAIT_X when a free account is over its byte budget', async () => {
    const dc = await startShapedDc({ ...base, premiumBudget: { bytes: 1_000_000, windowSeconds: 2 } })
    closers.push(dc.close)
    const { session } = await dc.connect()
    for (let i = 0; i < 4; i++) await getFile(session, i * 262_144, 262_144)
    const e = await errorOf(getFile(session, 4 * 262_144, 262_144))
    expect(e).toBeInstanceOf(RpcError)
    expect((e as RpcError).kind).toBe('FLOOD_PREMIUM_WAIT')
    expect((e as RpcError).seconds).toBeGreaterThanOrEqual(1)
    expect((e as RpcError).seconds).toBeLessThanOrEqual(2)
    session.close()
  })

  it('counts getFile requests that cross a 1 MiB border or are misaligned', async () => {
    const dc = await startShapedDc(base)
    closers.push(dc.close)
    const { session } = await dc.connect()
    await getFile(session, 512 * 1024, 1024 * 1024) // crosses the border
    await getFile(session, 1000, 4096) // misaligned
    await getFile(session, 1024 * 1024, 1024 * 1024) // fine
    const snap = dc.network.accounting.snapshot()
    expect(snap.violations.getFileRange).toBe(2)
    expect(snap.details.filter((d) => d.kind === 'getFileRange')).toHaveLength(2)
    session.close()
  })

  it('closes the 21st connection on one auth key', async () => {
    const dc = await startShapedDc({ ...base, maxConnectionsPerAuthKey: 20 })
    closers.push(dc.close)
    const first = await dc.connect()
    await first.session.call({ _: 'help.getNearestDc' })
    const sessions = [first.session]
    for (let i = 1; i < 20; i++) {
      const { session } = await dc.connect(first.authKey)
      await session.call({ _: 'help.getNearestDc' })
      sessions.push(session)
    }
    const extra = await dc.connect(first.authKey)
    const e = await errorOf(extra.session.call({ _: 'help.getNearestDc' }, { timeoutMs: 5000 }))
    expect(e).toBeInstanceOf(Error)
    expect(dc.network.accounting.snapshot().violations.tooManyConnections).toBe(1)
    // one closes, a new one fits
    sessions.pop()!.close()
    await new Promise((r) => setTimeout(r, 100))
    const again = await dc.connect(first.authKey)
    await expect(again.session.call({ _: 'help.getNearestDc' })).resolves.toMatchObject({ _: 'nearestDc' })
    for (const s of [...sessions, again.session]) s.close()
  })
})
