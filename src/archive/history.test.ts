import type { tl } from '@mtcute/tl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { type EngineFixture, engineFixture } from '../download/engine.test-helper.js'
import { openChat } from '../media/open-chat.js'
import { type HistoryOptions, pagesAfter } from './history.js'

describe('pagesAfter against the testkit', () => {
  let fx: EngineFixture
  let me: AccountSessions
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 1024 * 1024 })
    me = await fx.account((a) => a.dc === 2 && !a.premium)
  })
  afterAll(() => fx.close())

  const pages = async (username: string, afterId: number, opts: HistoryOptions): Promise<number[][]> => {
    const session = await me.home()
    const chat = await openChat(session, { kind: 'username', username })
    const out: number[][] = []
    for await (const page of pagesAfter(session, chat.channel, afterId, opts))
      out.push(page.map((m: tl.TypeMessage) => m.id))
    return out
  }

  it('oldest first, a page at a time, from just after the id given', async () => {
    expect(await pages('tgfetch_media', 0, { pageSize: 5 })).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ])
    expect(await pages('tgfetch_media', 7, { pageSize: 4 })).toEqual([[8, 9, 10, 11], [12]])
    expect(await pages('tgfetch_media', 12, {})).toEqual([])
  })

  it('a forum topic: only its messages', async () => {
    expect(await pages('tgfetch_forum', 0, { topicId: 3 })).toEqual([[4]])
  })
})
