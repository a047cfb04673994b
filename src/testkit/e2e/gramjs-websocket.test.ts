import { Api, TelegramClient } from 'telegram'
import { _serverKeys } from 'telegram/crypto/RSA.js'
import { PromisedWebSockets } from 'telegram/extensions/index.js'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { type Connection, ConnectionTCPObfuscated } from 'telegram/network/index.js'
import { StringSession } from 'telegram/sessions/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../cluster/cluster.js'
import { expectedSha256, gramjsPort, mediaMessage, sha256, within } from './e2e.test-helper.js'

/**
 * GramJS 2.26.22 over the testkit's WebSocket endpoint, as its web build talks
 * to Telegram: obfuscated intermediate inside `binary` WebSocket messages
 * (its PromisedWebSockets, the `websocket` package, ws:// since the port is not 443).
 */
describe('GramJS over WebSocket against the testkit', () => {
  let cluster: TestkitCluster
  let tg: TelegramClient | undefined

  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 103, cdnDcIds: [] })
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

  /** every DC's plain WebSocket port, by DC id (GramJS would dial 80 or 443) */
  function webSocketPorts(): typeof Connection {
    const portOf = (dcId: number) => gramjsPort(cluster, dcId, (a) => Number(new URL(a.urls!.ws).port))
    return class extends ConnectionTCPObfuscated {
      constructor(params: ConstructorParameters<typeof Connection>[0]) {
        super({ ...params, port: portOf(params.dcId), socket: PromisedWebSockets })
      }
    }
  }

  it('logs in with phone + code and downloads message 1 byte-identical', async () => {
    // nothing may reach TCP
    for (const { id } of cluster.addresses()) cluster.server(id).tcpMode = 'refuse'
    const account = cluster.world.accounts.find((a) => a.dc === 2 && !a.password && !a.premium)!
    const session = new StringSession('')
    session.setDC(2, cluster.address(2).host, 80)
    tg = new TelegramClient(session, cluster.world.apiId, cluster.world.apiHash, {
      connection: webSocketPorts(),
      networkSocket: PromisedWebSockets,
      autoReconnect: false,
      connectionRetries: 3,
      baseLogger: new Logger(process.env.GRAMJS_LOG ? LogLevel.DEBUG : LogLevel.NONE),
    })
    await within(
      tg.start({
        phoneNumber: account.phone,
        phoneCode: async () => account.code,
        onError: async () => true,
      }),
      30_000,
      'start',
    )
    const { file } = mediaMessage(cluster, 1)
    const [msg] = await tg.getMessages('tgfetch_media', { ids: [1] })
    expect(msg).toBeInstanceOf(Api.Message)
    const bytes = await within(tg.downloadMedia(msg!), 40_000, 'downloadMedia')
    expect((bytes as Buffer).length).toBe(file.size)
    expect(sha256(bytes as Buffer)).toBe(expectedSha256(file))
  }, 90_000)
})
