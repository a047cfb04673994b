import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientSession } from '../../mtproto/index.js'
import type { CallContext } from '../../mtproto/server-role/index.js'
import { PRESETS } from '../network/profiles.js'
import { type RunningTestkit, startTestkit } from '../network/testkit.js'

describe('accounting on a running cluster', () => {
  let tk: RunningTestkit
  beforeAll(async () => {
    tk = await startTestkit({ profile: { ...PRESETS.lan, name: 'acct' }, seed: 9 })
  })
  afterAll(() => tk.close())

  it('counts bytes, requests and errors per account, connection and DC', async () => {
    const { port } = tk.cluster.address(2)
    // the client's clock, which its msg_ids carry: moved ahead between calls, so each repeat was sent a
    // second after the FLOOD_WAIT was issued however late the busy machine delivers it
    let ahead = 0
    const { session } = await openClientSession({
      host: '127.0.0.1',
      port,
      dcId: 2,
      transport: 'intermediate',
      publicKeys: [tk.cluster.rsaKey],
      now: () => Date.now() + ahead,
    })
    // log the key in as a world account, so its calls count for the user
    const user = tk.cluster.world.accounts.find((a) => a.dc === 2)!
    tk.cluster.state.authorize(
      { dcId: 2, authKey: tk.cluster.state.keysOf(2).all()[0] } as CallContext,
      user.userId,
    )
    tk.faults.floodNext(1, 4)
    const errors: string[] = []
    for (let i = 0; i < 3; i++) {
      await session.call({ _: 'help.getNearestDc' }).catch((e: Error) => errors.push(e.message))
      // asked again well after the error arrived: a client ignoring it, not one with requests under way
      ahead += 1000
    }
    expect(errors[0]).toContain('FLOOD_WAIT_4')
    const snap = tk.network.accounting.snapshot()
    const account = snap.accounts[`user:${user.userId}`]!
    expect(account.requests['help.getNearestDc']).toBe(3)
    // early repeats get the rest of the wait again
    expect(account.errors.FLOOD_WAIT_4).toBe(3)
    // the two calls after the FLOOD_WAIT came too early
    expect(account.violations.floodWaitIgnored).toBe(2)
    expect(snap.dcs['2']!.requests['help.getNearestDc']).toBe(3)
    expect(snap.dcs['2']!.bytesSent).toBeGreaterThan(0)
    const conns = Object.values(snap.connections).filter((c) => c.dcId === 2)
    expect(conns).toHaveLength(1)
    expect(conns[0]!.account).toBe(`user:${user.userId}`)
    expect(conns[0]!.bytesSent).toBe(snap.dcs['2']!.bytesSent)
    // plain JSON
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
    session.close()
  })
})
