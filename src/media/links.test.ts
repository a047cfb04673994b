import { describe, expect, it } from 'vitest'
import { formatLink, LinkError, parseLink } from './links.js'

const media = { type: 'username', username: 'tgfetch_media' } as const

describe('parseLink', () => {
  it.each([
    ['https://t.me/tgfetch_media/123', { kind: 'message', peer: media, msgId: 123, single: false }],
    ['t.me/tgfetch_media/123', { kind: 'message', peer: media, msgId: 123, single: false }],
    [
      'http://telegram.me/tgfetch_media/123?single',
      { kind: 'message', peer: media, msgId: 123, single: true },
    ],
    ['https://telegram.dog/tgfetch_media/7', { kind: 'message', peer: media, msgId: 7, single: false }],
    ['https://t.me/s/tgfetch_media/9', { kind: 'message', peer: media, msgId: 9, single: false }],
    [
      'https://t.me/tgfetch_media/5?comment=2',
      { kind: 'message', peer: media, msgId: 5, commentId: 2, single: false },
    ],
    [
      'https://t.me/tgfetch_media/5?thread=3',
      { kind: 'message', peer: media, msgId: 5, threadId: 3, single: false },
    ],
    [
      'https://t.me/tgfetch_forum/3/4',
      {
        kind: 'message',
        peer: { type: 'username', username: 'tgfetch_forum' },
        msgId: 4,
        topicId: 3,
        single: false,
      },
    ],
    [
      'https://t.me/c/1500000004/1',
      { kind: 'message', peer: { type: 'channel', channelId: 1500000004 }, msgId: 1, single: false },
    ],
    [
      'https://t.me/c/1500000005/3/4',
      {
        kind: 'message',
        peer: { type: 'channel', channelId: 1500000005 },
        msgId: 4,
        topicId: 3,
        single: false,
      },
    ],
    ['https://t.me/+AbCdEf012345', { kind: 'invite', hash: 'AbCdEf012345' }],
    ['https://t.me/joinchat/AbCdEf012345', { kind: 'invite', hash: 'AbCdEf012345' }],
    ['https://t.me/tgfetch_media', { kind: 'chat', peer: media }],
    ['tg://resolve?domain=tgfetch_media&post=12', { kind: 'message', peer: media, msgId: 12, single: false }],
    [
      'tg://resolve?domain=tgfetch_media&post=12&comment=3',
      { kind: 'message', peer: media, msgId: 12, commentId: 3, single: false },
    ],
    [
      'tg://privatepost?channel=1500000004&post=1',
      { kind: 'message', peer: { type: 'channel', channelId: 1500000004 }, msgId: 1, single: false },
    ],
    [
      'https://t.me/tgfetch_media/2147483647',
      { kind: 'message', peer: media, msgId: 2147483647, single: false },
    ],
    [
      // channel ids are 64-bit in the API: only message ids are int32
      'https://t.me/c/4294967297/5',
      { kind: 'message', peer: { type: 'channel', channelId: 4294967297 }, msgId: 5, single: false },
    ],
    ['tg://join?invite=AbCdEf012345', { kind: 'invite', hash: 'AbCdEf012345' }],
    ['  https://t.me/tgfetch_media/123  ', { kind: 'message', peer: media, msgId: 123, single: false }],
  ])('%s', (link, expected) => {
    expect(parseLink(link)).toEqual(expected)
    // what resolveLink names a parsed link by in its errors, read back the same
    expect(parseLink(formatLink(parseLink(link)))).toEqual(expected)
  })

  it.each([
    ['', 'empty link'],
    ['https://example.com/tgfetch_media/1', 'not a t.me'],
    ['ftp://t.me/tgfetch_media/1', 'not a Telegram link'],
    ['https://t.me/tgfetch_media/0', 'message id must be a whole number from 1 to 2147483647'],
    ['https://t.me/tgfetch_media/abc', 'message id must be a whole number from 1 to 2147483647'],
    [
      'https://t.me/tgfetch_media/99999999999999999999',
      'message id must be a whole number from 1 to 2147483647',
    ],
    ['https://t.me/ab/1', 'not a valid username'],
    ['https://t.me/../etc/passwd', 'not a valid username'],
    ['https://t.me/c/notanumber/1', 'channel id must be a positive number'],
    ['https://t.me/+short', 'malformed invite hash'],
    ['https://t.me/tgfetch_media/1?comment=x', '?comment= must be a whole number from 1 to 2147483647'],
    ['https://t.me/tgfetch_media/2147483648', 'message id must be a whole number from 1 to 2147483647'],
    ['https://t.me/tgfetch_media/4294967308', 'message id must be a whole number from 1 to 2147483647'],
    ['https://t.me/tgfetch_forum/4294967299/4', 'topic id must be a whole number from 1 to 2147483647'],
    ['https://t.me/tgfetch_media/1?comment=4294967297', '?comment= must be a whole number from 1 to'],
    ['https://t.me/tgfetch_media/1?thread=2147483648', '?thread= must be a whole number from 1 to'],
    ['tg://resolve?domain=tgfetch_media&post=4294967297', 'post= must be a whole number from 1 to'],
    ['tg://resolve?post=1', 'without domain='],
    ['tg://settings', 'does not point at a message'],
    ['https://t.me/a/b/c/d/e', 'too many path segments'],
  ])('refuses %j with a precise error', (link, reason) => {
    expect(() => parseLink(link)).toThrow(LinkError)
    expect(() => parseLink(link)).toThrow(reason)
  })
})
