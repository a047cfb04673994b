import type { tl } from '@mtcute/tl'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { generateWorld } from '../world/generate.js'
import type { WorldChannel } from '../world/types.js'
import { sessionAs } from './content.test-helper.js'

const world = generateWorld({ seed: 11, largeFileSize: 64 * 1024 * 1024 })
const named = (u: string) => world.channels.find((c) => c.username === u)!
const big = named('tgfetch_media')
const hidden = world.channels.find((c) => c.invite)!
const inputChannel = (c: WorldChannel): tl.RawInputChannel => ({
  _: 'inputChannel',
  channelId: c.id,
  accessHash: Long.fromString(c.accessHash),
})
const inputPeer = (c: WorldChannel): tl.RawInputPeerChannel => ({ ...inputChannel(c), _: 'inputPeerChannel' })
const ids = (r: tl.messages.TypeMessages) => ('messages' in r ? r.messages.map((m) => m.id) : [])
const history = { offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: Long.ZERO }

describe('content handlers over TCP', () => {
  let cluster: TestkitCluster
  let alice: ClientSession // accounts[0], on DC 2 (not the private channel's member)
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ world })
    alice = await sessionAs(cluster, 2, world.accounts[0]!.userId)
  })
  afterAll(async () => {
    alice.close()
    await cluster.close()
  })

  it('resolves a channel username with the channel in chats', async () => {
    const r = await alice.call({ _: 'contacts.resolveUsername', username: 'TGFetch_Media' })
    expect(r.peer).toEqual({ _: 'peerChannel', channelId: big.id })
    expect(r.chats[0]).toMatchObject({ _: 'channel', id: big.id, broadcast: true, username: 'tgfetch_media' })
    expect((r.chats[0] as tl.RawChannel).accessHash?.toString()).toBe(big.accessHash)
    await expect(
      alice.call({ _: 'contacts.resolveUsername', username: 'nobody_here' }),
    ).rejects.toMatchObject({
      text: 'USERNAME_NOT_OCCUPIED',
    })
    await expect(alice.call({ _: 'contacts.resolveUsername', username: 'a-b' })).rejects.toMatchObject({
      text: 'USERNAME_INVALID',
    })
  })

  it('resolves a user username with the user in users', async () => {
    const r = await alice.call({ _: 'contacts.resolveUsername', username: 'premium_two' })
    expect(r.peer).toEqual({ _: 'peerUser', userId: world.accounts[5]!.userId })
    expect(r.users.map((u) => u.id)).toEqual([world.accounts[5]!.userId])
  })

  it('renews the file reference each time message 2 (the big video) is fetched', async () => {
    const get = async () => {
      const r = await alice.call({
        _: 'channels.getMessages',
        channel: inputChannel(big),
        id: [{ _: 'inputMessageID', id: 2 }],
      })
      const m = (r as tl.messages.RawChannelMessages).messages[0] as tl.RawMessage
      const doc = (m.media as tl.RawMessageMediaDocument).document as tl.RawDocument
      expect(doc.size).toBe(64 * 1024 * 1024)
      expect(m.post).toBe(true)
      return doc
    }
    const first = await get()
    const second = await get()
    expect(Buffer.from(first.fileReference).equals(Buffer.from(second.fileReference))).toBe(false)
    const mediaId = first.id.toString()
    expect(cluster.state.fileReferences.check(mediaId, first.fileReference)).toBe('ok')
    expect(cluster.state.fileReferences.check(mediaId, second.fileReference)).toBe('ok')
    // the reference opens the file on its DC
    const part = await alice.call({
      _: 'upload.getFile',
      location: {
        _: 'inputDocumentFileLocation',
        id: second.id,
        accessHash: second.accessHash,
        fileReference: second.fileReference,
        thumbSize: '',
      },
      offset: 0,
      limit: 4096,
    })
    expect(part).toMatchObject({ _: 'upload.file' })
    expect((part as tl.upload.RawFile).bytes.length).toBe(4096)
  })

  it('returns messageEmpty for missing ids, in request order', async () => {
    const r = await alice.call({
      _: 'channels.getMessages',
      channel: inputChannel(big),
      id: [
        { _: 'inputMessageID', id: 999 },
        { _: 'inputMessageID', id: 1 },
      ],
    })
    expect((r as tl.messages.RawChannelMessages).messages.map((m) => [m._, m.id])).toEqual([
      ['messageEmpty', 999],
      ['message', 1],
    ])
  })

  it('rejects a wrong access hash with CHANNEL_INVALID', async () => {
    const bad = { ...inputChannel(big), accessHash: Long.fromInt(12345) }
    await expect(alice.call({ _: 'channels.getChannels', id: [bad] })).rejects.toMatchObject({
      text: 'CHANNEL_INVALID',
    })
  })

  it('pages history newest first with limit and offset_id; album siblings share groupedId', async () => {
    const page1 = (await alice.call({
      _: 'messages.getHistory',
      peer: inputPeer(big),
      ...history,
      limit: 5,
    })) as tl.messages.RawChannelMessages
    expect(page1._).toBe('messages.channelMessages')
    expect(page1.count).toBe(12)
    expect(ids(page1)).toEqual([12, 11, 10, 9, 8])
    const page2 = await alice.call({
      _: 'messages.getHistory',
      peer: inputPeer(big),
      ...history,
      offsetId: 8,
      limit: 5,
    })
    expect(ids(page2)).toEqual([7, 6, 5, 4, 3])
    const newer = await alice.call({
      _: 'messages.getHistory',
      peer: inputPeer(big),
      ...history,
      offsetId: 5,
      addOffset: -2,
      limit: 3,
    })
    expect(ids(newer)).toEqual([6, 5, 4])
    const bounded = await alice.call({
      _: 'messages.getHistory',
      peer: inputPeer(big),
      ...history,
      maxId: 5,
      minId: 2,
    })
    expect(ids(bounded)).toEqual([4, 3])
    const album = (page1.messages as tl.RawMessage[]).filter((m) => m.groupedId)
    expect(album.map((m) => m.id)).toEqual([12, 11, 10])
    expect(new Set(album.map((m) => m.groupedId!.toString())).size).toBe(1)
    expect(page1.chats.map((c) => c.id).sort()).toEqual([big.id, big.linkedChatId].sort())
  })

  it('opens post 1 discussion and reads its comments via getReplies', async () => {
    const chat = named('tgfetch_media_chat')
    const d = await alice.call({ _: 'messages.getDiscussionMessage', peer: inputPeer(big), msgId: 1 })
    const copy = d.messages[0] as tl.RawMessage
    expect(copy.peerId).toEqual({ _: 'peerChannel', channelId: chat.id })
    expect(copy.fwdFrom).toMatchObject({ channelPost: 1 })
    expect(d.chats.map((c) => c.id)).toContain(chat.id)
    expect(d.maxId).toBe(2)
    const replies = await alice.call({ _: 'messages.getReplies', peer: inputPeer(big), msgId: 1, ...history })
    expect(ids(replies)).toEqual([2, 1])
    const comment = (replies as tl.messages.RawChannelMessages).messages[0] as tl.RawMessage
    expect(comment.replyTo).toMatchObject({ replyToMsgId: copy.id })
    expect((replies as tl.messages.RawChannelMessages).users.map((u) => u.id)).toEqual([
      world.accounts[0]!.userId,
    ])
    await expect(
      alice.call({ _: 'messages.getDiscussionMessage', peer: inputPeer(big), msgId: 3 }),
    ).rejects.toMatchObject({
      text: 'MSG_ID_INVALID',
    })
  })

  it('reads forum topic messages via getReplies(top_msg_id)', async () => {
    const forum = named('tgfetch_forum')
    const r = (await alice.call({
      _: 'messages.getReplies',
      peer: inputPeer(forum),
      msgId: 3,
      ...history,
    })) as tl.messages.RawChannelMessages
    expect(ids(r)).toEqual([4])
    expect((r.messages[0] as tl.RawMessage).replyTo).toMatchObject({ forumTopic: true, replyToTopId: 3 })
    expect(r.topics).toMatchObject([{ _: 'forumTopic', id: 3, title: 'photos' }])
    expect(r.chats[0]).toMatchObject({ forum: true, megagroup: true })
  })

  it('private channel: CHANNEL_PRIVATE, then invite check, join, and read', async () => {
    const read = () =>
      alice.call({
        _: 'channels.getMessages',
        channel: inputChannel(hidden),
        id: [{ _: 'inputMessageID', id: 1 }],
      })
    await expect(read()).rejects.toMatchObject({ text: 'CHANNEL_PRIVATE' })
    const chats = await alice.call({ _: 'channels.getChannels', id: [inputChannel(hidden)] })
    expect(chats.chats[0]).toMatchObject({ _: 'channelForbidden', id: hidden.id })
    const hash = hidden.invite!.hash
    const invite = await alice.call({ _: 'messages.checkChatInvite', hash })
    expect(invite).toMatchObject({
      _: 'chatInvite',
      channel: true,
      broadcast: true,
      title: hidden.title,
      participantsCount: 3,
    })
    const joined = await alice.call({ _: 'messages.importChatInvite', hash })
    expect(joined).toMatchObject({ _: 'updates', chats: [{ _: 'channel', id: hidden.id }] })
    await expect(alice.call({ _: 'messages.importChatInvite', hash })).rejects.toMatchObject({
      text: 'USER_ALREADY_PARTICIPANT',
    })
    expect(await alice.call({ _: 'messages.checkChatInvite', hash })).toMatchObject({
      _: 'chatInviteAlready',
    })
    const m = ((await read()) as tl.messages.RawChannelMessages).messages[0] as tl.RawMessage
    expect((m.media as tl.RawMessageMediaDocument).document).toMatchObject({ _: 'document' })
    await expect(alice.call({ _: 'messages.checkChatInvite', hash: 'nope' })).rejects.toMatchObject({
      text: 'INVITE_HASH_INVALID',
    })
  })

  it('an expired invite: INVITE_HASH_EXPIRED for non-members', async () => {
    const carol = await sessionAs(cluster, 3, world.accounts[2]!.userId)
    hidden.invite!.expired = true
    try {
      const hash = hidden.invite!.hash
      await expect(carol.call({ _: 'messages.checkChatInvite', hash })).rejects.toMatchObject({
        text: 'INVITE_HASH_EXPIRED',
      })
      await expect(carol.call({ _: 'messages.importChatInvite', hash })).rejects.toMatchObject({
        text: 'INVITE_HASH_EXPIRED',
      })
    } finally {
      hidden.invite!.expired = false
      carol.close()
    }
  })

  it('an unauthorized key gets 401 AUTH_KEY_UNREGISTERED; a bot may not read history', async () => {
    const anon = await sessionAs(cluster, 2, undefined)
    const bot = await sessionAs(cluster, 2, world.bots[0]!.userId)
    try {
      await expect(
        anon.call({ _: 'contacts.resolveUsername', username: 'tgfetch_media' }),
      ).rejects.toMatchObject({
        code: 401,
        text: 'AUTH_KEY_UNREGISTERED',
      })
      expect((await bot.call({ _: 'contacts.resolveUsername', username: 'tgfetch_media' })).peer._).toBe(
        'peerChannel',
      )
      await expect(
        bot.call({ _: 'messages.getHistory', peer: inputPeer(big), ...history }),
      ).rejects.toMatchObject({
        text: 'BOT_METHOD_INVALID',
      })
    } finally {
      anon.close()
      bot.close()
    }
  })

  it('a login is per DC: the same user is not logged in on another DC', async () => {
    const s = await sessionAs(cluster, 4, undefined)
    cluster.state.authorizeKey(2, s.state.authKey.id, world.accounts[0]!.userId)
    try {
      await expect(
        s.call({ _: 'contacts.resolveUsername', username: 'tgfetch_media' }),
      ).rejects.toMatchObject({ code: 401 })
    } finally {
      s.close()
    }
  })
})
