import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../../client/account-session.js'
import { DownloadEngine } from '../../download/engine.js'
import { type EngineFixture, engineFixture } from '../../download/engine.test-helper.js'
import { openChat } from '../../media/open-chat.js'
import { expectedSha256, sha256 } from '../../testkit/e2e/e2e.test-helper.js'
import { generateWorld } from '../../testkit/world/generate.js'
import type { WorldChannel, WorldFile } from '../../testkit/world/types.js'
import { type ArchiveDatabase, openArchiveDatabase } from '../archive-db.js'
import { SqliteDedupStore } from '../dedup-store.js'
import { pagesAfter } from '../history.js'
import { readManifest } from '../manifest.js'
import { MemoryQueue } from '../queue/memory-queue.test-helper.js'
import { fetchFile } from './fetch-file.js'
import type { ChatJobData, FileJobData } from './job-data.js'
import { listChat } from './list-chat.js'

const PHOTOS = 8

/** The generated world plus `tgfetch_photos8`: PHOTOS photos of their own, 20–48 KiB at their largest. */
function photoWorld() {
  const world = generateWorld({ seed: 32, largeFileSize: 1024 * 1024 })
  const messages = Array.from({ length: PHOTOS }, (_, i) => {
    const file: WorldFile = { id: `photo8-${i}`, size: (20 + 4 * i) * 1024 + i, dc: 2 }
    world.files.push(file)
    return {
      id: i + 1,
      date: 1_767_300_000 + i * 60,
      text: `photo ${i + 1}`,
      media: {
        kind: 'photo' as const,
        id: String(8_100_000 + i),
        accessHash: String(1_000_003 + i),
        dc: 2 as const,
        mime: 'image/jpeg',
        sizes: [{ type: 'y', w: 1280, h: 853, fileId: file.id }],
      },
    }
  })
  const channel: WorldChannel = {
    id: 1_500_000_098,
    accessHash: '987654321',
    title: 'eight photos',
    kind: 'channel',
    username: 'tgfetch_photos8',
    members: [],
    participantsCount: 1_000,
    messages,
  }
  world.channels.push(channel)
  return { world, files: messages.map((m) => m.media.sizes[0]!.fileId) }
}

describe('file jobs use the listed file reference (lan)', () => {
  const { world, files } = photoWorld()
  let fx: EngineFixture
  let me: AccountSessions
  let engine: DownloadEngine
  let db: ArchiveDatabase
  const requests = (method: string): number =>
    fx.testkit.network.accounting.snapshot().accounts[`user:${me.account.userId}`]?.requests[method] ?? 0

  beforeAll(async () => {
    fx = await engineFixture({ world })
    me = await fx.account((a) => a.dc === 2 && !a.premium)
    engine = new DownloadEngine({ accounts: [me] })
    db = openArchiveDatabase(join(fx.dir, 'archive.db'))
  })
  afterAll(async () => {
    await engine.close()
    db.close()
    await fx.close()
  })

  it('downloads every photo with no channels.getMessages; after the references expire, one renewal per file', async () => {
    const queue = new MemoryQueue()
    const dedup = new SqliteDedupStore(db)
    const chat = await me.onHome((s) => openChat(s, { kind: 'username', username: 'tgfetch_photos8' }))
    const data: ChatJobData = {
      chat: {
        channelId: chat.channel.channelId,
        accessHash: chat.channel.accessHash.toString(),
        label: chat.label,
      },
      out: join(fx.dir, 'archive', chat.label),
      lastId: 0,
    }
    const listed = await listChat(data, {
      queue,
      dedup,
      async *pages(d, afterId) {
        const channel = {
          _: 'inputChannel' as const,
          channelId: d.chat.channelId,
          accessHash: Long.fromString(d.chat.accessHash),
        }
        yield* pagesAfter(await me.home(), channel, afterId)
      },
    })
    expect(listed).toMatchObject({ messages: PHOTOS, filesAdded: PHOTOS })
    let asked = 0
    const services = {
      engine,
      dedup,
      // only for jobs queued without their location: none here
      mediaItem: async () => {
        asked++
        return undefined
      },
    }
    /** Runs `n` file jobs at once; channels.getMessages sent meanwhile. */
    const run = async (n: number): Promise<number> => {
      const before = requests('channels.getMessages')
      const leases = await Promise.all(
        Array.from({ length: n }, () => queue.lease<FileJobData>(['file'], 'w1', 60_000)),
      )
      await Promise.all(
        leases.map(async (lease) => {
          if (!lease) throw new Error('a file job is missing')
          await queue.complete(lease, await fetchFile(lease.job.data, services))
        }),
      )
      return requests('channels.getMessages') - before
    }

    // half the files: as listed, whatever their number
    expect(await run(PHOTOS / 2)).toBe(0)
    // Telegram expires every reference handed out: each file renews its own once, and completes
    fx.testkit.faults.expireFileReferences()
    expect(await run(PHOTOS / 2)).toBe(PHOTOS / 2)
    expect(asked).toBe(0)
    expect((await queue.counts('file')).completed).toBe(PHOTOS)

    const onDisk = Array.from({ length: PHOTOS }, (_, i) =>
      sha256(readFileSync(join(data.out, `${i + 1}.jpg`))),
    )
    const expected = files.map((id) => expectedSha256(world.files.find((f) => f.id === id)!))
    expect(onDisk).toEqual(expected)
    expect(
      readManifest(data.out)
        .filter((l) => l.type === 'file')
        .map((l) => [l.id, l.type === 'file' && l.sha256])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual(expected.map((sha, i) => [i + 1, sha]))
  })
})
