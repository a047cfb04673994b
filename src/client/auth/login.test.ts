import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RpcError } from '../../mtproto/index.js'
import { TestkitCluster } from '../../testkit/cluster/cluster.js'
import { DcConnector } from '../dc-connector.js'
import type { ServerList } from '../servers/server-list.js'
import { AccountStore } from '../storage/account-store.js'
import { openStateDatabase } from '../storage/database.js'
import { loginWithBotToken, loginWithPhone } from './login.js'

describe('our client logs in to the testkit', () => {
  let cluster: TestkitCluster
  let connector: DcConnector
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 5 })
    const servers: ServerList = {
      name: 'custom',
      dcs: cluster.addresses(),
      rsaKeys: [cluster.rsaKey],
      testMode: false,
    }
    connector = new DcConnector({ servers, apiId: cluster.world.apiId })
  })
  afterAll(() => cluster.close())

  const account = (dc: number, withPassword = false) =>
    cluster.world.accounts.find((a) => a.dc === dc && Boolean(a.password) === withPassword)!

  it('by phone and code, following PHONE_MIGRATE to the home DC, and the key works again from the store', async () => {
    const a = account(1)
    const result = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: cluster.world.apiHash,
      code: async () => a.code,
      firstDc: 2,
    })
    expect([result.dcId, result.user.id, result.user.self]).toEqual([1, a.userId, true])
    result.session.close()

    const store = new AccountStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-login-'))))
    const saved = store.create({
      label: 'me',
      kind: 'user',
      userId: a.userId,
      premium: false,
      homeDc: result.dcId,
    })
    store.saveKey(saved.id, {
      dcId: 1,
      kind: 'perm',
      authKey: result.authKey,
      timeOffset: 0,
      authorized: true,
    })
    const again = await connector.open(1, store.key(saved.id, 1))
    const [me] = await again.session.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    expect(me).toMatchObject({ _: 'user', id: a.userId })
    again.session.close()
  })

  it('with a 2FA password (SRP), asked for only when Telegram wants it', async () => {
    const a = account(2, true)
    let asked = 0
    const result = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: cluster.world.apiHash,
      code: async () => a.code,
      password: async () => {
        asked++
        return a.password!
      },
    })
    expect([asked, result.user.id]).toEqual([1, a.userId])
    result.session.close()
    await expect(
      loginWithPhone(connector, {
        phone: a.phone,
        apiHash: cluster.world.apiHash,
        code: async () => a.code,
        password: async () => 'wrong',
      }),
    ).rejects.toThrow('PASSWORD_HASH_INVALID')
  })

  it('refuses a wrong code with Telegram’s error', async () => {
    const a = account(3)
    const error = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: cluster.world.apiHash,
      code: async () => '00000',
      firstDc: 3,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcError)
    expect((error as RpcError).text).toBe('PHONE_CODE_INVALID')
  })

  it('by bot token, following USER_MIGRATE to the bot’s DC', async () => {
    const bot = cluster.world.bots[0]!
    const result = await loginWithBotToken(connector, {
      token: bot.token,
      apiHash: cluster.world.apiHash,
      firstDc: 4,
    })
    expect([result.dcId, result.user.id, result.user.bot]).toEqual([bot.dc, bot.userId, true])
    result.session.close()
  })
})
