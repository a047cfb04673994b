import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../cluster/cluster.js'
import { accountOn, rpcError, sendCode, signIn, TestSessions } from './auth-session.test-helper.js'

describe('login by phone and code, with PHONE_MIGRATE', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 21 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  it('auth.sendCode on the wrong DC → 303 PHONE_MIGRATE_X; on the home DC a 5-digit app code', async () => {
    const account = accountOn(cluster, 4)
    expect(account.phone).toMatch(/^999664\d{4}$/)
    const wrong = await sessions.on(2)
    const migrate = await rpcError(sendCode(wrong, cluster, account.phone))
    expect([migrate.code, migrate.text, migrate.dc]).toEqual([303, 'PHONE_MIGRATE_4', 4])

    const home = await sessions.on(4)
    const sent = await sendCode(home, cluster, `+${account.phone}`)
    expect(sent._).toBe('auth.sentCode')
    if (sent._ !== 'auth.sentCode') return
    expect(sent.type).toEqual({ _: 'auth.sentCodeTypeApp', length: 5 })
    const auth = await home.call({
      _: 'auth.signIn',
      phoneNumber: account.phone,
      phoneCodeHash: sent.phoneCodeHash,
      phoneCode: '44444',
    })
    expect(auth._).toBe('auth.authorization')
    if (auth._ !== 'auth.authorization') return
    expect(auth.user).toMatchObject({ _: 'user', id: account.userId, self: true, phone: account.phone })
    expect(cluster.state.keysOf(4).all()).toHaveLength(1)
  })

  it('users.getUsers and updates.getState answer the logged-in key', async () => {
    const account = accountOn(cluster, 3)
    const session = await sessions.on(3)
    await signIn(session, cluster, account)
    const other = cluster.world.accounts.find((a) => a.username)!
    const users = await session.call({
      _: 'users.getUsers',
      id: [
        { _: 'inputUserSelf' },
        { _: 'inputUser', userId: other.userId, accessHash: Long.fromString(other.accessHash) },
        { _: 'inputUser', userId: 42, accessHash: Long.fromString(other.accessHash) },
      ],
    })
    expect(users.map((u) => u.id)).toEqual([account.userId, other.userId])
    expect(users[0]).toMatchObject({ self: true, phone: account.phone, firstName: account.firstName })
    expect(users[1]).toMatchObject({ username: other.username, premium: other.premium || undefined })
    expect(users[1]).toHaveProperty('phone', undefined)
    const state = await session.call({ _: 'updates.getState' })
    expect(state).toMatchObject({ _: 'updates.state', pts: 1, qts: 0, seq: 0 })
  })

  it('wrong code, unknown hash, missing values, unknown phone, wrong app', async () => {
    const account = accountOn(cluster, 5)
    const session = await sessions.on(5)
    const sent = await sendCode(session, cluster, account.phone)
    if (sent._ !== 'auth.sentCode') throw new Error(sent._)
    const signIn = (phoneCodeHash: string, phoneCode: string) =>
      rpcError(session.call({ _: 'auth.signIn', phoneNumber: account.phone, phoneCodeHash, phoneCode }))
    expect((await signIn(sent.phoneCodeHash, '12345')).text).toBe('PHONE_CODE_INVALID')
    expect((await signIn('0123456789abcdef00', account.code)).text).toBe('PHONE_CODE_EXPIRED')
    expect((await signIn('', account.code)).text).toBe('PHONE_CODE_HASH_EMPTY')
    expect((await signIn(sent.phoneCodeHash, '')).text).toBe('PHONE_CODE_EMPTY')
    expect((await rpcError(sendCode(session, cluster, '9996659999'))).text).toBe('PHONE_NUMBER_INVALID')
    const app = await rpcError(
      session.call({
        _: 'auth.sendCode',
        phoneNumber: account.phone,
        apiId: cluster.world.apiId + 1,
        apiHash: cluster.world.apiHash,
        settings: { _: 'codeSettings' },
      }),
    )
    expect(app.text).toBe('API_ID_INVALID')
    // the code still works after wrong attempts, once
    await session.call({
      _: 'auth.signIn',
      phoneNumber: account.phone,
      phoneCodeHash: sent.phoneCodeHash,
      phoneCode: account.code,
    })
    expect((await signIn(sent.phoneCodeHash, account.code)).text).toBe('PHONE_CODE_EXPIRED')
  })

  it('a call that needs a login, on an unauthorized key → 401 AUTH_KEY_UNREGISTERED', async () => {
    const session = await sessions.on(1)
    for (const call of [
      session.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }),
      session.call({ _: 'updates.getState' }),
      session.call({ _: 'account.getPassword' }),
      session.call({ _: 'auth.exportAuthorization', dcId: 2 }),
      session.call({ _: 'auth.logOut' }),
    ]) {
      const error = await rpcError(call)
      expect([error.code, error.text]).toEqual([401, 'AUTH_KEY_UNREGISTERED'])
    }
  })

  it('auth.logOut: the key is no longer authorized', async () => {
    const session = await sessions.on(1)
    await signIn(session, cluster, accountOn(cluster, 1))
    await session.call({ _: 'updates.getState' })
    expect(await session.call({ _: 'auth.logOut' })).toEqual({ _: 'auth.loggedOut' })
    const error = await rpcError(session.call({ _: 'updates.getState' }))
    expect([error.code, error.text]).toEqual([401, 'AUTH_KEY_UNREGISTERED'])
  })
})
