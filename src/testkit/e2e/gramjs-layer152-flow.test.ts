import { Api, TelegramClient } from 'gramjs-old'
import { _serverKeys } from 'gramjs-old/crypto/RSA.js'
import { Logger, LogLevel } from 'gramjs-old/extensions/Logger.js'
import { returnBigInt } from 'gramjs-old/Helpers.js'
import { type Connection, ConnectionTCPFull } from 'gramjs-old/network/index.js'
import { StringSession } from 'gramjs-old/sessions/index.js'
import { LAYER } from 'gramjs-old/tl/AllTLObjects.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../cluster/cluster.js'
import { expectedSha256, gramjsPort, mediaMessage, sha256, within } from './e2e.test-helper.js'

/**
 * An independent client pinned to an old layer: GramJS 2.15.15 (layer 152,
 * installed as `gramjs-old`) logs in, resolves the channel and downloads a
 * file, every answer down-converted into layer 152's schema.
 */
describe('GramJS 2.15.15 (layer 152) end to end against the testkit cluster', () => {
  let cluster: TestkitCluster
  let tg: TelegramClient | undefined

  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 152 })
    const key = cluster.rsaKey
    _serverKeys.set(BigInt.asIntN(64, key.fingerprint).toString(), {
      n: returnBigInt(key.n),
      e: Number(key.e),
    })
  }, 30_000)
  afterAll(async () => {
    await tg?.destroy()
    await cluster?.close()
  })

  /** GramJS dials port 80/443 whatever help.getConfig says: each DC's port, by DC id. */
  function clusterPorts(): typeof Connection {
    const portOf = (dcId: number) => gramjsPort(cluster, dcId)
    return class extends ConnectionTCPFull {
      constructor(params: ConstructorParameters<typeof Connection>[0]) {
        super({ ...params, port: portOf(params.dcId) })
      }
    }
  }

  it('logs in (client.start), resolves tgfetch_media and downloads message 1 byte-identical', async () => {
    expect(LAYER).toBe(152)
    const { host } = cluster.address(2)
    const session = new StringSession('')
    session.setDC(2, host, 443)
    tg = new TelegramClient(session, cluster.world.apiId, cluster.world.apiHash, {
      connection: clusterPorts(),
      useWSS: false,
      autoReconnect: false,
      connectionRetries: 3, // GramJS's auth key trimming fails one handshake in ~200 (see gramjs-flow)
      baseLogger: new Logger(process.env.GRAMJS_LOG ? LogLevel.DEBUG : LogLevel.NONE),
    })
    const account = cluster.world.accounts.find((a) => a.dc === 2 && !a.password && !a.premium)
    if (!account) throw new Error('the world has no plain DC 2 account')
    const errors: Error[] = []
    await within(
      tg.start({
        phoneNumber: account.phone,
        phoneCode: async () => account.code,
        password: async () => 'no password expected',
        onError: async (e) => {
          errors.push(e)
          return true
        },
      }),
      20_000,
      'start',
    )
    expect(errors).toEqual([])
    const me = await tg.getMe()
    expect([String((me as Api.User).id), (me as Api.User).phone]).toEqual([
      String(account.userId),
      account.phone,
    ])

    const channel = cluster.world.channels.find((c) => c.username === 'tgfetch_media')
    const resolved = await tg.invoke(new Api.contacts.ResolveUsername({ username: 'tgfetch_media' }))
    expect(String((resolved.peer as Api.PeerChannel).channelId)).toBe(String(channel?.id))

    const { file } = mediaMessage(cluster, 1)
    const entity = await tg.getEntity('tgfetch_media')
    expect(entity).toBeInstanceOf(Api.Channel)
    const [msg] = await within(tg.getMessages(entity, { ids: [1] }), 10_000, 'getMessages')
    expect(msg?.document).toBeInstanceOf(Api.Document)
    const bytes = await within(tg.downloadMedia(msg as Api.Message, {}), 25_000, 'downloadMedia')
    expect((bytes as Buffer).length).toBe(file.size)
    expect(sha256(bytes as Buffer)).toBe(expectedSha256(file))
  }, 60_000)
})
