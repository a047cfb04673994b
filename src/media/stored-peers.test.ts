import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import { type Account, AccountStore } from '../client/storage/account-store.js'
import { openStateDatabase } from '../client/storage/database.js'
import type { ClientSession } from '../mtproto/index.js'
import { type RunningTestkit, startTestkit } from '../testkit/network/testkit.js'
import { ResolveError, resolveLink } from './resolve.js'
import { storedPeers } from './stored-peers.js'

const freshStore = () => new AccountStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-peers-'))))

describe('the peer cache in the state database, against the testkit', () => {
  let testkit: RunningTestkit
  let session: ClientSession
  let account: Account
  const store = freshStore()

  beforeAll(async () => {
    testkit = await startTestkit({ seed: 21 })
    const { cluster } = testkit
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
    account = store.create({ label: a.phone, kind: 'user', premium: false, homeDc: 2 })
  })
  afterAll(async () => {
    session.close()
    await testkit.close()
  })

  const resolves = () => testkit.network.accounting.snapshot().total.requests['contacts.resolveUsername'] ?? 0
  const channel = (username: string) => testkit.cluster.world.channels.find((c) => c.username === username)!

  it('a username resolved once is not asked for again', async () => {
    const peers = storedPeers(store, account.id)
    const before = resolves()
    await resolveLink(session, 'https://t.me/tgfetch_media/1', peers)
    expect(resolves()).toBe(before + 1)
    const media = channel('tgfetch_media')
    expect(store.peerByUsername(account.id, 'TGFETCH_Media')).toEqual({
      id: media.id,
      kind: 'channel',
      accessHash: media.accessHash,
      username: 'tgfetch_media',
    })
    const [photo] = await resolveLink(session, 'https://t.me/tgfetch_media/3', peers)
    expect(photo).toMatchObject({ kind: 'photo', origin: { msgId: 3 } })
    expect(resolves()).toBe(before + 1)
  })

  it('remembers users and bots met in answers, and a user by username needs no request either', async () => {
    const peers = storedPeers(store, account.id)
    const { world } = testkit.cluster
    const premium = world.accounts.find((a) => a.username === 'premium_two')!
    const before = resolves()
    const notChannel = new ResolveError('t.me/premium_two/1', 'the username is not a channel or group')
    await expect(resolveLink(session, 't.me/premium_two/1', peers)).rejects.toThrow(notChannel)
    expect(store.peerByUsername(account.id, 'premium_two')).toMatchObject({
      kind: 'user',
      id: premium.userId,
      accessHash: premium.accessHash,
    })
    await expect(resolveLink(session, 't.me/premium_two/1', peers)).rejects.toThrow(notChannel)
    expect(resolves()).toBe(before + 1)

    const bot = world.bots[0]!
    await expect(resolveLink(session, `t.me/${bot.username}/1`, peers)).rejects.toThrow(ResolveError)
    expect(store.peerByUsername(account.id, bot.username)).toMatchObject({ kind: 'user', id: bot.userId })

    // a comment's author comes with the comment
    await resolveLink(session, 'https://t.me/tgfetch_media/1?comment=2', peers)
    const discussion = world.channels.find((c) => c.id === channel('tgfetch_media').linkedChatId)!
    const author = world.accounts.find(
      (a) => a.userId === discussion.messages.find((m) => m.id === 2)!.fromId,
    )!
    expect(store.peerAccessHash(account.id, 'user', author.userId)).toBe(author.accessHash)
  })

  it('falls back to contacts.resolveUsername when the remembered access hash is refused', async () => {
    const small = channel('tgfetch_small')
    store.savePeer(account.id, {
      id: small.id,
      kind: 'channel',
      accessHash: '12345',
      username: 'tgfetch_small',
    })
    const refusals = () => testkit.network.accounting.snapshot().total.errors.CHANNEL_INVALID ?? 0
    const [before, refusedBefore] = [resolves(), refusals()]
    const [item] = await resolveLink(session, 'https://t.me/tgfetch_small/1', storedPeers(store, account.id))
    expect(item).toMatchObject({ fileName: 'notes.txt' })
    // the remembered hash was tried and refused, then the username resolved again
    expect(refusals()).toBe(refusedBefore + 1)
    expect(resolves()).toBe(before + 1)
    expect(store.peerAccessHash(account.id, 'channel', small.id)).toBe(small.accessHash)
  })
})

describe('usernames in the peer store', () => {
  it('name one peer: the last one met keeps it', () => {
    const store = freshStore()
    const { id } = store.create({ label: 'a', kind: 'user', premium: false, homeDc: 2 })
    store.savePeer(id, { id: 7, kind: 'channel', accessHash: '1', username: 'moving_name' })
    store.savePeer(id, { id: 8, kind: 'user', accessHash: '2', username: 'Moving_Name' })
    expect(store.peerByUsername(id, 'moving_name')).toMatchObject({ id: 8, kind: 'user', accessHash: '2' })
    expect(store.peerAccessHash(id, 'channel', 7)).toBe('1')
    expect(store.peerByUsername(id + 1, 'moving_name')).toBeUndefined()
  })
})
