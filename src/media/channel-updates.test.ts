import type { tl } from '@mtcute/tl'
import { describe, expect, it } from 'vitest'
import { channelsWithNewPosts } from './channel-updates.js'

const newPost = (channelId: number, id: number): tl.RawUpdateNewChannelMessage => ({
  _: 'updateNewChannelMessage',
  message: { _: 'message', id, peerId: { _: 'peerChannel', channelId }, date: 0, message: '' },
  pts: id,
  ptsCount: 1,
})

describe('channelsWithNewPosts', () => {
  it('names the channels of new channel messages and of too-long gaps, in order', () => {
    const updates: tl.RawUpdates = {
      _: 'updates',
      updates: [
        newPost(10, 5),
        { _: 'updateChannelTooLong', channelId: 20 },
        { _: 'updateLoginToken' },
        newPost(30, 1),
      ],
      users: [],
      chats: [],
      date: 0,
      seq: 0,
    }
    expect(channelsWithNewPosts(updates)).toEqual([10, 20, 30])
    expect(channelsWithNewPosts({ ...updates, _: 'updatesCombined', seqStart: 0 })).toEqual([10, 20, 30])
    expect(channelsWithNewPosts({ _: 'updateShort', update: newPost(40, 2), date: 0 })).toEqual([40])
  })

  it('says every chat may have new posts on updatesTooLong, and none for anything else', () => {
    expect(channelsWithNewPosts({ _: 'updatesTooLong' })).toBe('all')
    expect(channelsWithNewPosts({ _: 'updateShort', update: { _: 'updateLoginToken' }, date: 0 })).toEqual([])
    expect(channelsWithNewPosts({ _: 'mt_pong' })).toEqual([])
  })
})
