import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../../client/account-session.js'
import { DownloadEngine } from '../../download/engine.js'
import { type EngineFixture, engineFixture } from '../../download/engine.test-helper.js'
import { openChat } from '../../media/open-chat.js'
import { expectedSha256, sha256 } from '../../testkit/e2e/e2e.test-helper.js'
import { generateWorld } from '../../testkit/world/generate.js'
import type { WorldChannel } from '../../testkit/world/types.js'
import { type ArchiveDatabase, openArchiveDatabase } from '../archive-db.js'
import { SqliteDedupStore } from '../dedup-store.js'
import { pagesAfter } from '../history.js'
import { readManifest } from '../manifest.js'
import type { ManifestMessage } from '../manifest-record.js'
import { mediaAt } from '../media-at.js'
import { MemoryQueue } from '../queue/memory-queue.test-helper.js'
import { fetchFile } from './fetch-file.js'
import type { ChatJobData, FileJobData, JobChat } from './job-data.js'
import { type ListChatServices, listChat } from './list-chat.js'

/** The generated world plus `tgfetch_mirror`: a text post, then the document and the photo of `tgfetch_small` again. */
function mirroredWorld() {
  const world = generateWorld({ seed: 31, largeFileSize: 1024 * 1024 })
  const small = world.channels.find((c) => c.username === 'tgfetch_small') as WorldChannel
  const [doc, photo] = small.messages.map((m) => m.media)
  const mirror: WorldChannel = {
    ...small,
    id: 1_500_000_099,
    title: 'tgfetch mirror',
    username: 'tgfetch_mirror',
    messages: [
      { id: 1, date: 1_767_300_000, text: 'reposts follow\n"quoted"' },
      { id: 2, date: 1_767_300_060, text: 'the notes again', media: doc },
      { id: 3, date: 1_767_300_120, text: 'the photo again', media: photo },
    ],
  }
  world.channels.push(mirror)
  return world
}

describe('archive jobs against the testkit (lan)', () => {
  let fx: EngineFixture
  let me: AccountSessions
  let engine: DownloadEngine
  const queue = new MemoryQueue()
  let db: ArchiveDatabase
  let dedup: SqliteDedupStore
  const getFiles = (): number =>
    fx.testkit.network.accounting.snapshot().accounts[`user:${me.account.userId}`]?.requests[
      'upload.getFile'
    ] ?? 0

  beforeAll(async () => {
    fx = await engineFixture({ world: mirroredWorld() })
    me = await fx.account((a) => a.dc === 2 && !a.premium)
    engine = new DownloadEngine({ accounts: [me] })
    db = openArchiveDatabase(join(fx.dir, 'archive.db'))
    dedup = new SqliteDedupStore(db)
  })
  afterAll(async () => {
    await engine.close()
    db.close()
    await fx.close()
  })

  const chatJob = async (username: string): Promise<ChatJobData> => {
    const chat = await me.onHome((s) => openChat(s, { kind: 'username', username }))
    const jobChat: JobChat = {
      channelId: chat.channel.channelId,
      accessHash: chat.channel.accessHash.toString(),
      label: chat.label,
    }
    return { chat: jobChat, out: join(fx.dir, 'archive', chat.label), lastId: 0 }
  }
  const listServices = (): ListChatServices => ({
    queue,
    dedup,
    async *pages(data: ChatJobData, afterId: number) {
      const channel = {
        _: 'inputChannel' as const,
        channelId: data.chat.channelId,
        accessHash: Long.fromString(data.chat.accessHash),
      }
      yield* pagesAfter(await me.home(), channel, afterId)
    },
  })
  /** Runs the file jobs one at a time, in the queue's order; the getFile requests each made. */
  const runFileJobs = async (): Promise<Map<number, number>> => {
    const requests = new Map<number, number>()
    for (
      let lease = await queue.lease<FileJobData>(['file'], 'w1', 60_000);
      lease;
      lease = await queue.lease<FileJobData>(['file'], 'w1', 60_000)
    ) {
      const before = getFiles()
      const result = await fetchFile(lease.job.data, {
        engine,
        dedup,
        mediaItem: (chat, msgId) => me.onHome((s) => mediaAt(s, chat, msgId)),
      })
      await queue.complete(lease, result)
      requests.set(
        lease.job.data.chat.channelId,
        (requests.get(lease.job.data.chat.channelId) ?? 0) + getFiles() - before,
      )
    }
    return requests
  }

  it('lists two chats, downloads each file once byte-identical, links the reposts, completes both manifests', async () => {
    const small = await chatJob('tgfetch_small')
    const mirror = await chatJob('tgfetch_mirror')
    expect(await listChat(small, listServices())).toEqual({
      lastId: 2,
      messages: 2,
      filesAdded: 2,
      more: false,
    })
    expect(await listChat(mirror, listServices())).toEqual({
      lastId: 3,
      messages: 3,
      filesAdded: 2,
      more: false,
    })
    expect(
      (await queue.list<FileJobData>({ kind: 'file' })).map((j) => [j.data.chat.label, j.data.relativePath]),
    ).toEqual([
      ['tgfetch_small', '1.txt'],
      ['tgfetch_small', '2.jpg'],
      ['tgfetch_mirror', '2.txt'],
      ['tgfetch_mirror', '3.jpg'],
    ])

    const requests = await runFileJobs()
    expect(requests.get(small.chat.channelId)).toBeGreaterThan(0)
    // the mirror's files came from the archive, not from Telegram
    expect(requests.get(mirror.chat.channelId)).toBe(0)
    const jobs = await queue.list<FileJobData>({ kind: 'file', states: ['completed'] })
    expect(jobs.map((j) => j.result)).toMatchObject([
      { deduped: false },
      { deduped: false },
      { deduped: true },
      { deduped: true },
    ])

    const [doc, photo] = await me.onHome((s) =>
      Promise.all([mediaAt(s, small.chat, 1), mediaAt(s, small.chat, 2)]),
    )
    const expected = [expectedSha256(fx.fileOf(doc!)), expectedSha256(fx.fileOf(photo!))]
    const onDisk = (data: ChatJobData, name: string) => join(data.out, name)
    expect([
      sha256(readFileSync(onDisk(small, '1.txt'))),
      sha256(readFileSync(onDisk(small, '2.jpg'))),
    ]).toEqual(expected)
    expect(statSync(onDisk(mirror, '2.txt')).ino).toBe(statSync(onDisk(small, '1.txt')).ino)
    expect(statSync(onDisk(mirror, '3.jpg')).ino).toBe(statSync(onDisk(small, '2.jpg')).ino)
    expect(await dedup.dedupedBytes()).toBe(doc!.size + photo!.size)

    expect(readManifest(small.out)).toEqual([
      expect.objectContaining({
        type: 'message',
        id: 1,
        text: 'document notes.txt',
        media: {
          path: '1.txt',
          size: doc!.size,
          identity: expect.stringMatching(/^doc:\d+@3$/),
          name: 'notes.txt',
        },
      }),
      expect.objectContaining({ type: 'message', id: 2, media: expect.objectContaining({ path: '2.jpg' }) }),
      { type: 'file', id: 1, path: '1.txt', sha256: expected[0], deduped: false },
      { type: 'file', id: 2, path: '2.jpg', sha256: expected[1], deduped: false },
    ])
    const mirrored = readManifest(mirror.out)
    expect(mirrored.map((l) => [l.type, l.id])).toEqual([
      ['message', 1],
      ['message', 2],
      ['message', 3],
      ['file', 2],
      ['file', 3],
    ])
    expect((mirrored[0] as ManifestMessage).text).toBe('reposts follow\n"quoted"')
    expect(mirrored.slice(3)).toEqual([
      { type: 'file', id: 2, path: '2.txt', sha256: expected[0], deduped: true },
      { type: 'file', id: 3, path: '3.jpg', sha256: expected[1], deduped: true },
    ])

    // a second pass, from the last id or from the start again, adds nothing
    expect(await listChat({ ...mirror, lastId: 3 }, listServices())).toEqual({
      lastId: 3,
      messages: 0,
      filesAdded: 0,
      more: false,
    })
    expect(await listChat(mirror, listServices())).toMatchObject({ lastId: 3, filesAdded: 0 })
    expect(readManifest(mirror.out)).toHaveLength(5)
    expect((await queue.counts('file')).completed).toBe(4)
  })
})
