import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClientSession, openClientSession, RpcError, RpcTimeoutError } from '../../mtproto/index.js'
import type { CallContext } from '../../mtproto/server-role/index.js'
import { PRESETS } from '../network/profiles.js'
import { type RunningTestkit, startTestkit } from '../network/testkit.js'

/** a call that reaches the API layer: a result, or an RpcError (METHOD_INVALID if no handler yet) */
const probe = (s: ClientSession, timeoutMs = 5000): Promise<unknown> =>
  s.call({ _: 'help.getNearestDc' }, { timeoutMs }).then(
    (r) => r,
    (e: unknown) => {
      if (e instanceof RpcError) return e
      throw e
    },
  )

describe('fault control', () => {
  let tk: RunningTestkit
  const open = async (dcId: number, authKey?: Uint8Array) => {
    let closed!: () => void
    const onClosed = new Promise<void>((r) => {
      closed = r
    })
    const opened = await openClientSession({
      host: '127.0.0.1',
      port: tk.cluster.address(dcId).port,
      dcId,
      transport: 'intermediate',
      publicKeys: [tk.cluster.rsaKey],
      authKey,
      onClose: () => closed(),
    })
    return { ...opened, onClosed }
  }
  beforeAll(async () => {
    tk = await startTestkit({ profile: { ...PRESETS.lan, name: 'faults' }, seed: 5 })
  })
  afterAll(() => tk.close())

  it('drops connections', async () => {
    const { session, onClosed } = await open(2)
    await probe(session)
    tk.faults.dropConnections(2)
    await onClosed
    expect(session.isClosed).toBe(true)
  })

  it('stalls a request until the client gives up, then answers the next', async () => {
    const { session } = await open(2)
    tk.faults.stallNext(1, { method: 'help.getNearestDc', dcId: 2 })
    await expect(probe(session, 400)).rejects.toBeInstanceOf(RpcTimeoutError)
    await expect(probe(session)).resolves.toBeDefined()
    expect(tk.network.accounting.snapshot().faults.stall).toBe(1)
    session.close()
  })

  it('answers FLOOD_WAIT on demand', async () => {
    const { session } = await open(3)
    tk.faults.floodNext(1, 7)
    const e = await probe(session)
    expect((e as RpcError).text).toBe('FLOOD_WAIT_7')
    expect(tk.network.accounting.snapshot().total.errors.FLOOD_WAIT_7).toBe(1)
    session.close()
  })

  it('rotates salts: the client recovers through bad_server_salt', async () => {
    const { session } = await open(4)
    await probe(session)
    const before = session.state.salt.toString()
    tk.faults.rotateSalts(4)
    await expect(probe(session)).resolves.toBeDefined()
    expect(session.state.salt.toString()).not.toBe(before)
    expect(session.state.salt.equals(tk.cluster.state.keysOf(4).all()[0]!.salt)).toBe(true)
    session.close()
  })

  it('skews the clock: the client corrects through bad_msg_notification 16/17', async () => {
    // forward, on a running session
    const { session, authKey } = await open(5)
    await probe(session)
    tk.faults.skewTime(600_000)
    await expect(probe(session)).resolves.toBeDefined()
    expect(Math.abs(session.state.msgIds.timeOffset - 600)).toBeLessThan(5)
    session.close()
    // backward, on a session opened after the skew with a known key (no handshake to learn the time):
    // a server's msg_ids never go back, so existing sessions keep the old clock
    tk.faults.skewTime(-600_000)
    const later = await open(5, authKey)
    await expect(probe(later.session)).resolves.toBeDefined()
    expect(Math.abs(later.session.state.msgIds.timeOffset + 600)).toBeLessThan(5)
    later.session.close()
    tk.faults.skewTime(0)
  })

  it('sends transport garbage and closes', async () => {
    const { session, onClosed } = await open(1)
    await probe(session)
    tk.faults.garbage(1)
    await onClosed
    expect(session.isClosed).toBe(true)
  })

  it('restarts a DC keeping or losing its keys', async () => {
    const first = await open(1)
    await probe(first.session)
    await tk.faults.restartDc(1, { keepKeys: true })
    const kept = await open(1, first.authKey)
    await expect(probe(kept.session)).resolves.toBeDefined()
    await tk.faults.restartDc(1, { keepKeys: false })
    const lost = await open(1, first.authKey)
    await expect(probe(lost.session)).rejects.toThrow()
    await lost.onClosed
  })

  it('forgets imported authorizations, not the home DC ones', async () => {
    const { session } = await open(3)
    await probe(session)
    const [away, home] = [
      tk.cluster.world.accounts.find((a) => a.dc !== 3)!,
      tk.cluster.world.accounts.find((a) => a.dc === 3)!,
    ]
    const keys = tk.cluster.state.keysOf(3).all()
    const ctxA = { dcId: 3, authKey: keys[0] } as CallContext
    tk.cluster.state.authorize(ctxA, away.userId)
    const { authKey } = await open(3)
    const ctxB = { dcId: 3, authKey: tk.cluster.state.keysOf(3).all().at(-1) } as CallContext
    expect(authKey).toBeDefined()
    tk.cluster.state.authorize(ctxB, home.userId)
    tk.faults.forgetImportedAuth(3)
    expect(tk.cluster.state.userOf(ctxA)).toBeUndefined()
    expect(tk.cluster.state.userOf(ctxB)).toBe(home.userId)
    session.close()
  })

  it('expires file references', () => {
    const refs = tk.cluster.state.fileReferences
    const ref = refs.issue('m1')
    expect(refs.check('m1', ref)).toBe('ok')
    tk.faults.expireFileReferences()
    expect(refs.check('m1', ref)).toBe('expired')
  })
})
