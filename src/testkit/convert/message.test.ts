import type { tl } from '@mtcute/tl'
import { describe, expect, it } from 'vitest'
import { FileReferences } from '../cluster/file-references.js'
import { generateWorld } from '../world/generate.js'
import { WorldIndex } from '../world/world-index.js'
import { toTlChat } from './channel.js'
import { discussionCopyId, messageOf, messagesOf } from './discussion.js'
import { toTlMessage } from './message.js'

const world = generateWorld({ seed: 5, largeFileSize: 1024 * 1024 })
const index = new WorldIndex(world)
const ctx = { index, fileReferences: new FileReferences(0, Date.now) }
const byName = (u: string) => world.channels.find((c) => c.username === u)!
const big = byName('tgfetch_media')
const chat = byName('tgfetch_media_chat')
const forum = byName('tgfetch_forum')
const convert = (channel = big, id = 1) =>
  toTlMessage(ctx, channel, messageOf(index, channel, id)!) as tl.RawMessage

describe('world messages → TL', () => {
  it('channel posts: post flag, channel peer, no author, comments in the linked group', () => {
    const m = convert(big, 1)
    expect(m).toMatchObject({
      _: 'message',
      id: 1,
      post: true,
      peerId: { _: 'peerChannel', channelId: big.id },
    })
    expect(m.fromId).toBeUndefined()
    expect(m.replies).toMatchObject({ comments: true, channelId: chat.id, replies: 2, maxId: 2 })
    expect(convert(big, 3).replies).toMatchObject({ comments: true, replies: 0 })
  })

  it('album siblings carry the same groupedId', () => {
    const album = big.messages.filter((m) => m.groupedId !== undefined).map((m) => convert(big, m.id))
    expect(album).toHaveLength(3)
    expect(new Set(album.map((m) => m.groupedId?.toString())).size).toBe(1)
    expect(convert(big, 1).groupedId).toBeUndefined()
  })

  it('discussion group: the post copy is forwarded from the channel; comments reply to it', () => {
    const copyId = discussionCopyId(index, chat, big.id, 1)!
    expect(copyId).toBe(3)
    expect(messagesOf(index, chat).map((m) => m.id)).toEqual([1, 2, 3])
    const copy = convert(chat, copyId)
    expect(copy.fromId).toEqual({ _: 'peerChannel', channelId: big.id })
    expect(copy.fwdFrom).toMatchObject({ channelPost: 1, savedFromMsgId: 1 })
    expect(copy.replies).toMatchObject({ replies: 2 })
    const comment = convert(chat, 2)
    expect(comment.fromId).toEqual({ _: 'peerUser', userId: world.accounts[0]!.userId })
    expect(comment.post).toBeUndefined()
    expect(comment.replyTo).toMatchObject({ replyToMsgId: copyId })
  })

  it('forum: topic roots are topic-create service messages; topic messages reply to the topic', () => {
    const root = toTlMessage(ctx, forum, messageOf(index, forum, 1)!)
    expect(root).toMatchObject({
      _: 'messageService',
      action: { _: 'messageActionTopicCreate', title: 'releases' },
    })
    expect(convert(forum, 2).replyTo).toMatchObject({ forumTopic: true, replyToMsgId: 1, replyToTopId: 1 })
    expect(convert(forum, 4).replyTo).toMatchObject({ forumTopic: true, replyToTopId: 3 })
  })

  it('channels: flags, access hash, channelForbidden for a private channel to non-members', () => {
    const userId = world.accounts[0]!.userId
    expect(toTlChat(index, big, userId)).toMatchObject({
      _: 'channel',
      broadcast: true,
      username: 'tgfetch_media',
      participantsCount: 250_000,
      hasLink: true,
    })
    expect(toTlChat(index, forum, userId)).toMatchObject({ megagroup: true, forum: true })
    const hidden = world.channels.find((c) => c.invite)!
    expect(toTlChat(index, hidden, userId)._).toBe('channelForbidden')
    expect(toTlChat(index, hidden, world.accounts[1]!.userId)).toMatchObject({
      _: 'channel',
      title: hidden.title,
    })
  })
})
