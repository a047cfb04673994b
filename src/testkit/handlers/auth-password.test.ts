import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeSrpCheck } from '../../client/auth/srp-check.js'
import { TestkitCluster } from '../cluster/cluster.js'
import type { WorldAccount } from '../world/types.js'
import { accountOn, rpcError, signIn, TestSessions } from './auth-session.test-helper.js'

describe('2FA: SESSION_PASSWORD_NEEDED, account.getPassword, auth.checkPassword (SRP)', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  let account: WorldAccount
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 31 })
    sessions = new TestSessions(cluster)
    account = cluster.world.accounts.find((a) => a.password)!
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  /** A key on the 2FA account's DC that proved its code and owes the password. */
  async function owingPassword() {
    const session = await sessions.on(account.dc)
    const error = await rpcError(signIn(session, cluster, account))
    expect([error.code, error.text]).toEqual([401, 'SESSION_PASSWORD_NEEDED'])
    return session
  }

  it('the right password logs in', async () => {
    const session = await owingPassword()
    // not logged in yet
    expect((await rpcError(session.call({ _: 'updates.getState' }))).text).toBe('AUTH_KEY_UNREGISTERED')
    const password = await session.call({ _: 'account.getPassword' })
    expect(password).toMatchObject({ hasPassword: true, currentAlgo: { g: 3 } })
    expect(password.srpB).toHaveLength(256)
    expect(password.newSecureAlgo._).toBe('securePasswordKdfAlgoPBKDF2HMACSHA512iter100000')
    const check = await computeSrpCheck(account.password!, password)
    const auth = await session.call({ _: 'auth.checkPassword', password: check })
    expect(auth._ === 'auth.authorization' && auth.user.id).toBe(account.userId)
    expect((await session.call({ _: 'updates.getState' }))._).toBe('updates.state')
  })

  it('a wrong password → PASSWORD_HASH_INVALID; an srp_id is good once', async () => {
    const session = await owingPassword()
    const password = await session.call({ _: 'account.getPassword' })
    const wrong = await rpcError(
      session.call({ _: 'auth.checkPassword', password: await computeSrpCheck('not it', password) }),
    )
    expect([wrong.code, wrong.text]).toEqual([400, 'PASSWORD_HASH_INVALID'])
    const reused = await rpcError(
      session.call({ _: 'auth.checkPassword', password: await computeSrpCheck(account.password!, password) }),
    )
    expect(reused.text).toBe('SRP_ID_INVALID')
    expect((await rpcError(session.call({ _: 'updates.getState' }))).text).toBe('AUTH_KEY_UNREGISTERED')
    // a fresh challenge with the right password
    const again = await session.call({ _: 'account.getPassword' })
    expect(again.srpId!.equals(password.srpId!)).toBe(false)
    await session.call({ _: 'auth.checkPassword', password: await computeSrpCheck(account.password!, again) })
    expect((await session.call({ _: 'updates.getState' }))._).toBe('updates.state')
  })

  it('account.getPassword of an account without 2FA has no current algorithm', async () => {
    const session = await sessions.on(1)
    await signIn(session, cluster, accountOn(cluster, 1))
    const password = await session.call({ _: 'account.getPassword' })
    expect(password.hasPassword).toBeFalsy()
    expect(password.currentAlgo).toBeUndefined()
    expect(password.newAlgo._).toBe('passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow')
  })
})
