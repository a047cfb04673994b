import { describe, expect, it } from 'vitest'
import { parseChatPeer } from './chat-peer.js'
import { LinkError } from './links.js'

describe('parseChatPeer', () => {
  it.each([
    ['somechannel', { kind: 'username', username: 'somechannel' }],
    ['@somechannel', { kind: 'username', username: 'somechannel' }],
    ['t.me/somechannel', { kind: 'username', username: 'somechannel' }],
    ['https://t.me/s/somechannel', { kind: 'username', username: 'somechannel' }],
    ['tg://resolve?domain=somechannel', { kind: 'username', username: 'somechannel' }],
    ['https://t.me/c/1234567890', { kind: 'channel', channelId: 1234567890 }],
    ['-1001234567890', { kind: 'channel', channelId: 1234567890 }],
    ['https://t.me/+AbCdEfGh12', { kind: 'invite', hash: 'AbCdEfGh12', link: 'https://t.me/+AbCdEfGh12' }],
  ])('%s', (text, expected) => {
    expect(parseChatPeer(text)).toEqual(expected)
  })

  it.each([
    '',
    'abc',
    '@',
    '-100',
    '-1000',
    'https://t.me/somechannel/12',
    'https://example.com/somechannel',
    'some channel',
    '../etc/passwd',
    `a${'b'.repeat(40)}`,
  ])('refuses %j with a LinkError', (text) => {
    expect(() => parseChatPeer(text)).toThrow(LinkError)
  })

  it('a message link says to use get', () => {
    expect(() => parseChatPeer('t.me/somechannel/5')).toThrow(/tgfetch get/)
  })
})
