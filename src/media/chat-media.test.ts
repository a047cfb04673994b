import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import type { ClientSession } from '../mtproto/index.js'
import { type RunningTestkit, startTestkit } from '../testkit/network/testkit.js'
import { generateWorld } from '../testkit/world/generate.js'
import { listChatMedia, newestMessageId } from './chat-media.js'
import { parseChatPeer } from './chat-peer.js'
import { type ChatRef, openChat } from './open-chat.js'

const ids = (listing: { groups: Array<{ items: Array<{ origin: { msgId: number } }> }> }) =>
  listing.groups.flatMap((g) => g.items.map((i) => i.origin.msgId))

describe('the media of a chat, listed against the testkit', () => {
  let tk: RunningTestkit
  let session: ClientSession
  let media: ChatRef
  beforeAll(async () => {
    tk = await startTestkit({ world: generateWorld({ seed: 31, largeFileSize: 1024 * 1024 }) })
    const { cluster } = tk
    const connector = new DcConnector({
      servers: { name: 'custom', dcs: cluster.addresses(), rsaKeys: [cluster.rsaKey], testMode: false },
      apiId: cluster.world.apiId,
    })
    const a = cluster.world.accounts.find((x) => x.dc === 2 && !x.password && !x.premium)!
    ;({ session } = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: cluster.world.apiHash,
      code: async () => a.code,
    }))
    media = await openChat(session, parseChatPeer('@tgfetch_media'))
  })
  afterAll(async () => {
    session.close()
    await tk.close()
  })

  it('every media message, oldest first, with its origin; the album is one group', async () => {
    const listing = await listChatMedia(session, media)
    const world = tk.cluster.world.channels.find((c) => c.username === 'tgfetch_media')!
    expect(ids(listing)).toEqual(world.messages.filter((m) => m.media).map((m) => m.id))
    expect(listing.topId).toBe(12)
    expect(listing.complete).toBe(true)
    const album = listing.groups.find((g) => g.groupedId !== undefined)!
    expect(album.items.map((i) => i.origin.msgId)).toEqual([10, 11, 12])
    expect(listing.groups.filter((g) => g.groupedId === undefined).every((g) => g.items.length === 1)).toBe(
      true,
    )
    for (const item of listing.groups.flatMap((g) => g.items))
      expect(item.origin.channel.channelId).toBe(world.id)
  })

  it('pages through the history (one request per page)', async () => {
    const listing = await listChatMedia(session, media, { pageSize: 5 })
    expect(ids(listing)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12])
    expect(listing.requests).toBeGreaterThanOrEqual(3)
  })

  it('filters: kinds, id range, min id, limit', async () => {
    expect(ids(await listChatMedia(session, media, { filter: { kinds: ['photo'] } }))).toEqual([3, 10, 11])
    const range = await listChatMedia(session, media, { filter: { fromId: 4, toId: 10 }, pageSize: 2 })
    expect(ids(range)).toEqual([4, 5, 6, 7, 8, 10])
    expect(range.topId).toBe(10)
    const after = await listChatMedia(session, media, { minId: 9 })
    expect(ids(after)).toEqual([10, 11, 12])
    const newest = await listChatMedia(session, media, { limit: 2, pageSize: 100 })
    expect(ids(newest)).toEqual([11, 12])
    expect(newest.complete).toBe(false)
    const nothingNew = await listChatMedia(session, media, { minId: 12 })
    expect(nothingNew).toMatchObject({ groups: [], topId: 12, complete: true })
  })

  it('one forum topic, through its replies', async () => {
    const forum = await openChat(session, parseChatPeer('t.me/tgfetch_forum'))
    const releases = await listChatMedia(session, forum, { topicId: 1 })
    expect(releases.groups.flatMap((g) => g.items.map((i) => i.fileName))).toEqual(['release.tar'])
    const photos = await listChatMedia(session, forum, { topicId: 3 })
    expect(photos.groups.flatMap((g) => g.items.map((i) => [i.kind, i.origin.msgId]))).toEqual([['photo', 4]])
    expect(await newestMessageId(session, forum)).toBe(4)
  })

  it('waits out a FLOOD_WAIT on the history and goes on', async () => {
    tk.faults.floodNext(1, 1, { method: 'messages.getHistory' })
    const waits: number[] = []
    const started = performance.now()
    const listing = await listChatMedia(session, media, { onFloodWait: (s) => waits.push(s) })
    expect(waits).toEqual([1])
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000)
    expect(ids(listing)).toHaveLength(11)
    const snapshot = tk.network.accounting.snapshot()
    expect(snapshot.total.errors.FLOOD_WAIT_1).toBe(1)
    expect(snapshot.violations.floodWaitIgnored).toBe(0)
  })

  it('a post added at run time is listed after the last seen id', async () => {
    const world = tk.cluster.world.channels.find((c) => c.username === 'tgfetch_media')!
    const posted = tk.cluster.state.postMessage(world.id, { text: 'late', media: world.messages[0]!.media })
    expect(posted.id).toBe(13)
    const listing = await listChatMedia(session, media, { minId: 12 })
    expect(ids(listing)).toEqual([13])
  })

  it('a private chat by t.me/c/<id> needs its access hash; an unknown username is a ResolveError', async () => {
    await expect(openChat(session, parseChatPeer('https://t.me/c/1500000004'))).rejects.toThrow(
      /unknown private chat/,
    )
    await expect(openChat(session, parseChatPeer('no_such_chan'))).rejects.toThrow(/no such username/)
  })
  // last: the testkit keeps flooding this account's history calls for the 30 s asked
  it('Ctrl-C while waiting out a FLOOD_WAIT stops the listing at once', async () => {
    tk.faults.floodNext(1, 30, { method: 'messages.getHistory' })
    const controller = new AbortController()
    const listing = listChatMedia(session, media, {
      signal: controller.signal,
      onFloodWait: () => controller.abort(new Error('stop')),
    })
    await expect(listing).rejects.toThrow('stop')
  })
})
