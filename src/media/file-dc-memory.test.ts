import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountStore } from '../client/storage/account-store.js'
import { openStateDatabase } from '../client/storage/database.js'
import { rememberedFileDc, rememberFileDcs } from './file-dc-memory.js'
import type { MediaItem } from './media-item.js'

const itemOn = (channelId: number, dcId: number) =>
  ({ dcId, origin: { channel: { channelId } } }) as unknown as MediaItem

describe('the DC of a channel’s files', () => {
  it('is remembered per account and channel, found by id or username, the last file winning, kept when the peer is met again', () => {
    const store = new AccountStore(openStateDatabase(mkdtempSync(join(tmpdir(), 'tgfetch-file-dc-'))))
    const me = store.create({ label: 'me', kind: 'user', premium: false, homeDc: 2 }).id
    const other = store.create({ label: 'other', kind: 'user', premium: false, homeDc: 2 }).id
    for (const account of [me, other])
      store.savePeer(account, { id: 77, kind: 'channel', accessHash: '5', username: 'Media' })
    expect(rememberedFileDc(store, me, { type: 'username', username: 'media' })).toBeUndefined()

    rememberFileDcs(store, me, [itemOn(77, 2), itemOn(77, 4)])
    expect(rememberedFileDc(store, me, { type: 'username', username: 'media' })).toBe(4)
    expect(rememberedFileDc(store, me, { type: 'channel', channelId: 77 })).toBe(4)
    expect(rememberedFileDc(store, other, { type: 'channel', channelId: 77 })).toBeUndefined()

    // resolving the channel again (a new access hash) keeps what was learned
    store.savePeer(me, { id: 77, kind: 'channel', accessHash: '6', username: 'media' })
    expect(rememberedFileDc(store, me, { type: 'channel', channelId: 77 })).toBe(4)
    // a channel never met has nothing to remember
    rememberFileDcs(store, me, [itemOn(78, 3)])
    expect(rememberedFileDc(store, me, { type: 'channel', channelId: 78 })).toBeUndefined()
  })
})
