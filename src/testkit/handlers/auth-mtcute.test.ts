import type { TelegramClient } from '@mtcute/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { within } from '../../mtproto/e2e/harness.test-helper.js'
import type { TestkitCluster } from '../cluster/cluster.js'
import { clusterForMtcute, mtcuteClient } from '../e2e/mtcute.test-helper.js'
import { accountOn } from './auth-session.test-helper.js'

describe('mtcute 0.30.3 logs in to the testkit', () => {
  let cluster: TestkitCluster

  beforeAll(async () => {
    cluster = await clusterForMtcute(71)
  })
  afterAll(() => cluster.close())

  const client = (dcId: number): TelegramClient => mtcuteClient(cluster, dcId)

  it('phone + code: follows PHONE_MIGRATE from DC2 to the home DC 4 itself', async () => {
    const account = accountOn(cluster, 4)
    const tg = client(2)
    try {
      const me = await within(
        tg.start({ phone: account.phone, code: () => account.code, codeSentCallback: () => {} }),
        20_000,
        'start',
      )
      expect(me.id).toBe(account.userId)
      expect(me.isSelf).toBe(true)
      expect(await tg.getPrimaryDcId()).toBe(4)
      expect(cluster.state.keysOf(4).all().length).toBeGreaterThan(0)
    } finally {
      await tg.destroy()
    }
  }, 30_000)

  it('the 2FA account: SESSION_PASSWORD_NEEDED, then its SRP proof is accepted', async () => {
    const account = cluster.world.accounts.find((a) => a.password)!
    const tg = client(account.dc)
    let wrong = 0
    try {
      const passwords = ['not the password', account.password!]
      const me = await within(
        tg.start({
          phone: account.phone,
          code: () => account.code,
          password: () => passwords.shift()!,
          codeSentCallback: () => {},
          invalidCodeCallback: async (kind) => {
            if (kind === 'password') wrong++
          },
        }),
        20_000,
        'start',
      )
      expect(me.id).toBe(account.userId)
      expect(wrong).toBe(1)
    } finally {
      await tg.destroy()
    }
  }, 30_000)

  it('bot token: follows USER_MIGRATE to the bot’s DC', async () => {
    const bot = cluster.world.bots[0]!
    const tg = client(5)
    try {
      const me = await within(tg.start({ botToken: bot.token }), 20_000, 'start')
      expect(me.id).toBe(bot.userId)
      expect(me.isBot).toBe(true)
      expect(await tg.getPrimaryDcId()).toBe(bot.dc)
    } finally {
      await tg.destroy()
    }
  }, 30_000)
})
