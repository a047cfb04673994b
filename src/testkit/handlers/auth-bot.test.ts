import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { rpcError, TestSessions } from './auth-session.test-helper.js'

describe('auth.importBotAuthorization', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 41 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  const importBot = (session: ClientSession, token: string, apiId = cluster.world.apiId) =>
    session.call({
      _: 'auth.importBotAuthorization',
      flags: 0,
      apiId,
      apiHash: cluster.world.apiHash,
      botAuthToken: token,
    })

  it('a bot token on another DC → 303 USER_MIGRATE_X, then logs in as the bot on its DC', async () => {
    const bot = cluster.world.bots[0]!
    expect(bot.dc).toBe(2)
    const migrate = await rpcError(importBot(await sessions.on(5), bot.token))
    expect([migrate.code, migrate.text]).toEqual([303, 'USER_MIGRATE_2'])
    const session = await sessions.on(2)
    const auth = await importBot(session, bot.token)
    expect(auth._ === 'auth.authorization' && auth.user).toMatchObject({
      id: bot.userId,
      bot: true,
      self: true,
      username: bot.username,
      botInfoVersion: 1,
    })
    const [me] = await session.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    expect(me?.id).toBe(bot.userId)
  })

  it('a bad token → 400 ACCESS_TOKEN_INVALID; another app → API_ID_INVALID', async () => {
    const session = await sessions.on(2)
    const bot = cluster.world.bots[0]!
    expect((await rpcError(importBot(session, `${bot.userId}:nope`))).text).toBe('ACCESS_TOKEN_INVALID')
    expect((await rpcError(importBot(session, bot.token, 1))).text).toBe('API_ID_INVALID')
  })
})
