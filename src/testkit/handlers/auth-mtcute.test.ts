import { MemoryStorage, TelegramClient } from '@mtcute/node'
import { addPublicKey, LogManager, NodeCryptoProvider } from '@mtcute/node/utils.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rsaPublicKeyToPem } from '../../crypto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { accountOn } from './auth-session.test-helper.js'

/** Rejects instead of hanging when a client keeps retrying, so `finally` can destroy it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * mtcute 0.30.3 indexes keys by a zero-padded 16-digit hex fingerprint but
 * looks them up unpadded: a key whose fingerprint is below 2^60 is never
 * found (see interop-mtcute.test.ts). Start clusters until the key is one it finds.
 */
async function clusterMtcuteCanUse(seed: number): Promise<TestkitCluster> {
  for (;;) {
    const cluster = await TestkitCluster.start({ seed })
    if (cluster.rsaKey.fingerprint >= 1n << 60n) return cluster
    await cluster.close()
  }
}

describe('mtcute 0.30.3 logs in to the testkit', () => {
  let cluster: TestkitCluster

  beforeAll(async () => {
    cluster = await clusterMtcuteCanUse(71)
    addPublicKey(new NodeCryptoProvider(), rsaPublicKeyToPem(cluster.rsaKey))
  })
  afterAll(() => cluster.close())

  /** A client whose first DC is `dcId`; it learns the others from our help.getConfig. */
  function client(dcId: number): TelegramClient {
    const { host, port } = cluster.address(dcId)
    const dcOption = { id: dcId, ipAddress: host, port }
    return new TelegramClient({
      apiId: cluster.world.apiId,
      apiHash: cluster.world.apiHash,
      storage: new MemoryStorage(),
      defaultDcs: { main: dcOption, media: { ...dcOption, mediaOnly: true } },
      testMode: false,
      disableUpdates: true,
      logLevel: process.env.MTCUTE_LOG ? LogManager.VERBOSE : LogManager.OFF,
    })
  }

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
