import type { tl } from '@mtcute/tl'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientSession } from '../../mtproto/index.js'
import { TestkitCluster } from '../cluster/cluster.js'
import { publishPost } from '../control/publish.js'
import { accountOn, signIn, TestSessions } from './auth-session.test-helper.js'

describe('a published post pushed to the sessions that read its channel', () => {
  let cluster: TestkitCluster
  let sessions: TestSessions
  beforeAll(async () => {
    cluster = await TestkitCluster.start({ seed: 7 })
    sessions = new TestSessions(cluster)
  })
  afterAll(async () => {
    sessions.closeAll()
    await cluster.close()
  })

  /** A session on DC 2 signed in as its first account, with the `updates` pushed to it. */
  async function signedIn(): Promise<{
    session: ClientSession
    heard: tl.TypeUpdates[]
    next(): Promise<tl.TypeUpdates>
  }> {
    const heard: tl.TypeUpdates[] = []
    let wake: (() => void) | undefined
    const session = await sessions.on(2, {
      onUpdate: (u) => {
        if ((u as { _: string })._ !== 'updates') return
        heard.push(u as tl.TypeUpdates)
        wake?.()
      },
    })
    await signIn(session, cluster, accountOn(cluster, 2))
    const next = () =>
      new Promise<tl.TypeUpdates>((resolve) => {
        const check = (): void => {
          const u = heard.shift()
          if (u) resolve(u)
          else wake = check
        }
        check()
      })
    return { session, heard, next }
  }

  it('reaches a session that read the channel as updateNewChannelMessage with the next pts; not one that read it without updates, nor one that never read it', async () => {
    const channel = cluster.world.channels.find((c) => c.username === 'tgfetch_small')!
    const peer: tl.RawInputPeerChannel = {
      _: 'inputPeerChannel',
      channelId: channel.id,
      accessHash: Long.fromString(channel.accessHash),
    }
    const history: tl.messages.RawGetHistoryRequest = {
      _: 'messages.getHistory',
      peer,
      offsetId: 0,
      offsetDate: 0,
      addOffset: 0,
      limit: 1,
      maxId: 0,
      minId: 0,
      hash: Long.ZERO,
    }
    const reader = await signedIn()
    const read = await reader.session.call(history)
    if (read._ !== 'messages.channelMessages') throw new Error(`unexpected ${read._}`)
    const quiet = await signedIn()
    await quiet.session.call({ _: 'invokeWithoutUpdates', query: history } as never)
    const stranger = await signedIn()

    const post = await publishPost(cluster.state, { chat: 'tgfetch_small', text: 'pushed' })
    const updates = (await reader.next()) as tl.RawUpdates
    expect(updates.updates).toHaveLength(1)
    const update = updates.updates[0] as tl.RawUpdateNewChannelMessage
    expect(update._).toBe('updateNewChannelMessage')
    expect([update.message.id, update.pts, update.ptsCount]).toEqual([post.id, read.pts + 1, 1])
    expect((update.message as tl.RawMessage).message).toBe('pushed')
    expect(updates.chats.map((c) => c.id)).toEqual([channel.id])

    // the push left before these answers: had either session been told, it would have heard it first
    for (const other of [quiet, stranger]) {
      await other.session.call({ _: 'help.getNearestDc' })
      expect(other.heard).toEqual([])
    }
  })
})
