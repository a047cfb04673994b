import { Document, type Message, type TelegramClient } from '@mtcute/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestkitCluster } from '../cluster/cluster.js'
import type { WorldAccount } from '../world/types.js'
import { expectedSha256, mediaMessage, sha256, usersLoggedInOn, within } from './e2e.test-helper.js'
import { clusterForMtcute, mtcuteClient } from './mtcute.test-helper.js'

/**
 * End to end with an independent client: mtcute 0.30.3 (@mtcute/node), left
 * to its own high-level API, logs in, resolves the public channel, reads its
 * messages and downloads their documents — following FILE_MIGRATE and doing
 * the cross-DC export/importAuthorization itself.
 */
describe('mtcute 0.30.3 end to end against the testkit cluster', () => {
  let cluster: TestkitCluster
  const clients: TelegramClient[] = []

  beforeAll(async () => {
    cluster = await clusterForMtcute(101)
  }, 30_000)
  afterAll(async () => {
    for (const tg of clients.splice(0)) await tg.destroy()
    await cluster?.close()
  })

  function client(dcId: number): TelegramClient {
    const tg = mtcuteClient(cluster, dcId)
    clients.push(tg)
    return tg
  }

  async function login(tg: TelegramClient, account: WorldAccount): Promise<void> {
    const me = await within(
      tg.start({
        phone: account.phone,
        code: () => account.code,
        password: () => account.password ?? 'no password expected',
        codeSentCallback: () => {},
      }),
      20_000,
      'start',
    )
    expect(me.id).toBe(account.userId)
    expect(me.isSelf).toBe(true)
    expect(await tg.getPrimaryDcId()).toBe(account.dc)
  }

  async function message(tg: TelegramClient, msgId: number): Promise<Message> {
    const [msg] = await within(tg.getMessages('tgfetch_media', msgId), 10_000, 'getMessages')
    expect(msg).toBeTruthy()
    expect(msg!.id).toBe(msgId)
    return msg!
  }

  /** getMessages → the document → mtcute's own downloadAsBuffer → SHA-256 of the testkit's bytes. */
  async function downloadAndCheck(tg: TelegramClient, msgId: number, fromDc?: number): Promise<void> {
    const { message: worldMsg, file } = mediaMessage(cluster, msgId)
    const msg = await message(tg, msgId)
    const doc = msg.media
    expect(doc).toBeInstanceOf(Document)
    if (!(doc instanceof Document)) throw new Error(`message ${msgId} has ${doc?.type} media`)
    expect(doc.fileName).toBe(worldMsg.media!.name)
    expect(doc.fileSize).toBe(file.size)
    const bytes = await within(
      tg.downloadAsBuffer(doc, { dcId: fromDc }),
      25_000,
      `downloadAsBuffer(message ${msgId})`,
    )
    expect(bytes.length).toBe(file.size)
    expect(sha256(bytes)).toBe(expectedSha256(file))
  }

  // a plain account whose home is DC 1: the client dials DC 2, is sent home by
  // PHONE_MIGRATE_1, and every file of tgfetch_media lives elsewhere (DC 2, DC 4)
  let main: TelegramClient

  it('phone + code via client.start, resolves tgfetch_media, downloads message 1 (4 MiB zip, DC 2)', async () => {
    const account = cluster.world.accounts.find((a) => a.dc === 1 && !a.password)!
    main = client(2)
    await login(main, account)

    const peer = await main.resolvePeer('tgfetch_media')
    const channel = cluster.world.channels.find((c) => c.username === 'tgfetch_media')!
    expect(peer).toMatchObject({ _: 'inputPeerChannel' })
    expect(String((peer as { channelId: number }).channelId)).toBe(String(channel.id))
    const chat = await main.getChat('tgfetch_media')
    expect([chat.username, chat.title]).toEqual(['tgfetch_media', channel.title])

    expect(mediaMessage(cluster, 1).file.dc).toBe(2)
    await downloadAndCheck(main, 1)
  }, 30_000)

  it('message 4 lives on DC 4: mtcute follows FILE_MIGRATE_4 and exports/imports its authorization', async () => {
    expect(main).toBeDefined()
    const account = cluster.world.accounts.find((a) => a.dc === 1 && !a.password)!
    expect(mediaMessage(cluster, 4).file.dc).toBe(4)
    expect(usersLoggedInOn(cluster, 4)).not.toContain(account.userId)
    // the document says dc_id 4; asking the home DC 1 first makes DC 1 answer FILE_MIGRATE_4
    await downloadAndCheck(main, 4, 1)
    // logged in on DC 1 only: DC 4 knows the user now through export/importAuthorization
    expect(usersLoggedInOn(cluster, 4)).toContain(account.userId)
  }, 30_000)

  it('a second client logs in as the 2FA account (SRP password) and downloads message 1', async () => {
    const account = cluster.world.accounts.find((a) => a.password)!
    expect(account.password).toBe('testkit-2fa')
    const tg = client(account.dc)
    await login(tg, account)
    await downloadAndCheck(tg, 1)
  }, 30_000)
})
