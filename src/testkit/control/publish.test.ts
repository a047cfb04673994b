import { describe, expect, it } from 'vitest'
import { TestkitState } from '../cluster/state.js'
import { SyntheticContent } from '../content/synthetic-content.js'
import { generateWorld } from '../world/generate.js'
import { acceptQr } from './accept-qr.js'
import { publishPost } from './publish.js'

const world = () => generateWorld({ seed: 9, largeFileSize: 1024 * 1024 })

describe('publishing a post', () => {
  it('takes the next id in the chat; its media is described as the client gets it and tgfetch names it', async () => {
    const state = new TestkitState(world())
    const small = state.world.channels.find((c) => c.username === 'tgfetch_small')!
    const newest = Math.max(...small.messages.map((m) => m.id))
    const voice = await publishPost(state, {
      chat: '@TGFETCH_small',
      text: 'listen',
      media: { kind: 'voice', size: 5000, name: 'ignored.ogg' },
    })
    const fileId = state.index.media(small.messages.at(-1)!.media!.id)!.media.fileId!
    expect(voice).toEqual({
      chat: 'tgfetch_small',
      channelId: small.id,
      id: newest + 1,
      date: expect.any(Number),
      text: 'listen',
      media: {
        kind: 'voice',
        size: 5000,
        sha256: new SyntheticContent(fileId, 5000).sha256(),
        file: `tgfetch_small_${newest + 1}.ogg`,
        mime: 'audio/ogg',
        dc: 2,
        name: undefined,
      },
    })
    const doc = await publishPost(state, {
      chat: small.id,
      media: { kind: 'document', size: 10, name: '../../etc/passwd', dc: 4 },
    })
    expect(doc).toMatchObject({
      id: newest + 2,
      text: '',
      media: { name: '../../etc/passwd', file: '../../etc/passwd', dc: 4 },
    })
    const text = await publishPost(state, { chat: small.id, text: 'words only' })
    expect([text.id, text.media]).toEqual([newest + 3, undefined])
    expect(small.messages.slice(-3).map((m) => m.id)).toEqual([newest + 1, newest + 2, newest + 3])
  })

  it('refuses unknown chats and bad media, saying which', async () => {
    const state = new TestkitState(world())
    await expect(publishPost(state, { chat: 'nobody', text: 'x' })).rejects.toThrow('no chat "nobody"')
    await expect(publishPost(state, { chat: 'tgfetch_small' })).rejects.toThrow(
      'a post needs text, media or both',
    )
    await expect(
      publishPost(state, { chat: 'tgfetch_small', media: { kind: 'voice', size: 0 } }),
    ).rejects.toThrow(/media size must be a whole number of bytes from 1/)
    await expect(
      publishPost(state, { chat: 'tgfetch_small', media: { kind: 'photo', size: 9, dc: 7 } }),
    ).rejects.toThrow('media dc must be 1 to 5')
  })
})

describe('accepting a QR token from outside', () => {
  it('names the account by phone or user id, and passes on why a token is refused', () => {
    const state = new TestkitState(world())
    const account = state.world.accounts[0]!
    expect(() => acceptQr(state, { token: 'tg://login?token=AAAA', account: account.phone })).toThrow(
      'the token was refused: AUTH_TOKEN_INVALID',
    )
    expect(() => acceptQr(state, { token: 'AAAA', account: '123' })).toThrow('no account "123"')
    expect(() => acceptQr(state, { token: 'not a token!', account: account.userId })).toThrow(
      'token must be a tg://login?token=… link or its base64url token',
    )
  })
})
