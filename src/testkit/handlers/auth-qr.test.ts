import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientSession } from '../../mtproto/index.js'
import { RpcError } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { acceptLoginToken } from './auth-qr.js'
import { accountOn, rpcError, signIn, TestSessions } from './auth-session.test-helper.js'

describe('QR login: auth.exportLoginToken, acceptance, auth.importLoginToken', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 51 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  const exportToken = (session: ClientSession, apiId = cluster.world.apiId) =>
    session.call({ _: 'auth.exportLoginToken', apiId, apiHash: cluster.world.apiHash, exceptIds: [] })

  async function freshToken(session: ClientSession): Promise<Uint8Array> {
    const result = await exportToken(session)
    if (result._ !== 'auth.loginToken') throw new Error(result._)
    expect(result.expires * 1000).toBeGreaterThan(Date.now())
    return result.token
  }

  it('a token accepted by a user of the same DC → auth.loginTokenSuccess', async () => {
    const session = await sessions.on(3)
    const account = accountOn(cluster, 3)
    const token = await freshToken(session)
    acceptLoginToken(cluster.state, token, account.userId)
    const result = await exportToken(session)
    expect(result._).toBe('auth.loginTokenSuccess')
    if (result._ !== 'auth.loginTokenSuccess' || result.authorization._ !== 'auth.authorization') return
    expect(result.authorization.user.id).toBe(account.userId)
    expect((await session.call({ _: 'updates.getState' }))._).toBe('updates.state')
  })

  it('a user of another DC → auth.loginTokenMigrateTo, auth.importLoginToken there', async () => {
    const session = await sessions.on(1)
    const account = accountOn(cluster, 4)
    acceptLoginToken(cluster.state, await freshToken(session), account.userId)
    const migrate = await exportToken(session)
    if (migrate._ !== 'auth.loginTokenMigrateTo') throw new Error(migrate._)
    expect(migrate.dcId).toBe(4)
    // only the user's DC takes the token
    expect((await rpcError(session.call({ _: 'auth.importLoginToken', token: migrate.token }))).text).toBe(
      'AUTH_TOKEN_INVALID',
    )
    const home = await sessions.on(4)
    const result = await home.call({ _: 'auth.importLoginToken', token: migrate.token })
    expect(result._ === 'auth.loginTokenSuccess' && result.authorization._ === 'auth.authorization').toBe(
      true,
    )
    const [me] = await home.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    expect(me?.id).toBe(account.userId)
    // used once
    expect((await rpcError(home.call({ _: 'auth.importLoginToken', token: migrate.token }))).text).toBe(
      'AUTH_TOKEN_INVALID',
    )
  })

  it('a migrate token lives 30 s: later → AUTH_TOKEN_EXPIRED', async () => {
    const session = await sessions.on(5)
    acceptLoginToken(cluster.state, await freshToken(session), accountOn(cluster, 1).userId)
    const migrate = await exportToken(session)
    if (migrate._ !== 'auth.loginTokenMigrateTo') throw new Error(migrate._)
    const home = await sessions.on(1)
    cluster.state.clockSkewMs += 31_000
    try {
      const error = await rpcError(home.call({ _: 'auth.importLoginToken', token: migrate.token }))
      expect([error.code, error.text]).toEqual([400, 'AUTH_TOKEN_EXPIRED'])
    } finally {
      cluster.state.clockSkewMs -= 31_000
    }
  })

  it('a 2FA user: SESSION_PASSWORD_NEEDED instead of success', async () => {
    const account = cluster.world.accounts.find((a) => a.password)!
    const session = await sessions.on(account.dc)
    acceptLoginToken(cluster.state, await freshToken(session), account.userId)
    expect((await rpcError(exportToken(session))).text).toBe('SESSION_PASSWORD_NEEDED')
    const password = await session.call({ _: 'account.getPassword' })
    expect(password.hasPassword).toBe(true)
  })

  it('bad and expired tokens, twice-accepted tokens, another app', async () => {
    const session = await sessions.on(2)
    expect((await rpcError(exportToken(session, 7))).text).toBe('API_ID_INVALID')
    const bad = await rpcError(session.call({ _: 'auth.importLoginToken', token: new Uint8Array(32) }))
    expect([bad.code, bad.text]).toEqual([400, 'AUTH_TOKEN_INVALID'])
    const userId = accountOn(cluster, 2).userId
    const replaced = await freshToken(session)
    const token = await freshToken(session)
    expect(() => acceptLoginToken(cluster.state, replaced, userId)).toThrow('AUTH_TOKEN_INVALID')
    acceptLoginToken(cluster.state, token, userId)
    expect(() => acceptLoginToken(cluster.state, token, userId)).toThrow('AUTH_TOKEN_ALREADY_ACCEPTED')
    const late = await freshToken(await sessions.on(2))
    cluster.state.clockSkewMs += 31_000
    try {
      expect(() => acceptLoginToken(cluster.state, late, userId)).toThrow(RpcError)
      expect(() => acceptLoginToken(cluster.state, late, userId)).toThrow('AUTH_TOKEN_EXPIRED')
    } finally {
      cluster.state.clockSkewMs -= 31_000
    }
  })

  it('auth.acceptLoginToken over RPC from a logged-in app: an authorization, then the QR session logs in', async () => {
    const account = accountOn(cluster, 2)
    const app = await sessions.on(2)
    const token = await freshToken(await sessions.on(2))
    // not logged in: the scanning app must be
    expect((await rpcError(app.call({ _: 'auth.acceptLoginToken', token }))).text).toBe(
      'AUTH_KEY_UNREGISTERED',
    )
    await signIn(app, cluster, account)

    const updates: unknown[] = []
    const waiting = await sessions.on(2, { onUpdate: (u) => updates.push(u) })
    const scanned = await freshToken(waiting)
    const authorization = await app.call({ _: 'auth.acceptLoginToken', token: scanned })
    expect(authorization).toMatchObject({ _: 'authorization', apiId: cluster.world.apiId, ip: '127.0.0.1' })
    const result = await exportToken(waiting)
    if (result._ !== 'auth.loginTokenSuccess' || result.authorization._ !== 'auth.authorization')
      throw new Error(result._)
    expect(result.authorization.user.id).toBe(account.userId)
    expect(updates).toEqual([
      expect.objectContaining({ _: 'updateShort', update: { _: 'updateLoginToken' } }),
    ])
    // a token that logged its session in is spent
    expect((await rpcError(app.call({ _: 'auth.acceptLoginToken', token: scanned }))).text).toBe(
      'AUTH_TOKEN_INVALID',
    )
  })
})
