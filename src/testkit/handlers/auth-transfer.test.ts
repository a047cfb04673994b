import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../cluster/cluster.js'
import { accountOn, rpcError, signIn, TestSessions } from './auth-session.test-helper.js'

describe('auth.exportAuthorization → auth.importAuthorization across DCs', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 61 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  it('export on DC2 → import on DC4 works; reuse, another DC or another id → AUTH_BYTES_INVALID', async () => {
    const account = accountOn(cluster, 2)
    const home = await sessions.on(2)
    await signIn(home, cluster, account)
    const exported = await home.call({ _: 'auth.exportAuthorization', dcId: 4 })
    expect(exported.id.toNumber()).toBe(account.userId)
    expect(exported.bytes.length).toBeGreaterThanOrEqual(32)

    const dc5 = await sessions.on(5)
    const wrongDc = await rpcError(dc5.call({ ...exported, _: 'auth.importAuthorization' }))
    expect([wrongDc.code, wrongDc.text]).toEqual([400, 'AUTH_BYTES_INVALID'])
    const dc4 = await sessions.on(4)
    const wrongId = await rpcError(
      dc4.call({ _: 'auth.importAuthorization', id: exported.id.add(1), bytes: exported.bytes }),
    )
    expect(wrongId.text).toBe('AUTH_BYTES_INVALID')

    const auth = await dc4.call({ ...exported, _: 'auth.importAuthorization' })
    expect(auth._ === 'auth.authorization' && auth.user.id).toBe(account.userId)
    const [me] = await dc4.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    expect(me?.id).toBe(account.userId)

    const again = await sessions.on(4)
    const reuse = await rpcError(again.call({ ...exported, _: 'auth.importAuthorization' }))
    expect([reuse.code, reuse.text]).toEqual([400, 'AUTH_BYTES_INVALID'])
    expect((await rpcError(again.call({ _: 'updates.getState' }))).text).toBe('AUTH_KEY_UNREGISTERED')
  })

  it('auth.exportAuthorization needs a login and a known main DC', async () => {
    const home = await sessions.on(3)
    expect((await rpcError(home.call({ _: 'auth.exportAuthorization', dcId: 1 }))).code).toBe(401)
    await signIn(home, cluster, accountOn(cluster, 3))
    for (const dcId of [0, 3, 9, 201]) {
      const error = await rpcError(home.call({ _: 'auth.exportAuthorization', dcId }))
      expect([error.code, error.text]).toEqual([400, 'DC_ID_INVALID'])
    }
  })
})
