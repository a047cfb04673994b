import { describe, expect, it } from 'vitest'
import { MediaNotFoundError } from './errors.js'
import { messageLink } from './media-resolvers.js'

describe('/<chat>/<msg_id> as a link', () => {
  it('a username, a bare channel id or a Bot API id names one message (?single)', () => {
    expect(messageLink('tgfetch_media', 2)).toBe('https://t.me/tgfetch_media/2?single')
    expect(messageLink('1500000001', 7)).toBe('https://t.me/c/1500000001/7?single')
    expect(messageLink('-1001500000001', 7)).toBe('https://t.me/c/1500000001/7?single')
  })

  it('a basic group id (negative, not -100…) is not served', () => {
    expect(() => messageLink('-12345', 1)).toThrow(MediaNotFoundError)
  })
})
