import { describe, expect, it } from 'vitest'
import { archiveStatus } from './archive-status.js'
import type { FileJobProgress } from './job-progress.js'
import { type ChatJobData, chatGroup, type FileJobData, type JobChat } from './jobs/job-data.js'
import { ALL_JOBS } from './queue/job-queue.js'
import { MemoryQueue } from './queue/memory-queue.test-helper.js'

const NOW = 1_700_000_000_000
const chatA: JobChat = { channelId: 1, accessHash: '1', label: 'alpha' }
const chatB: JobChat = { channelId: 2, accessHash: '2', label: 'beta' }

const fileJob = (chat: JobChat, name: string, size: number): FileJobData => ({
  identity: `doc:${name}`,
  chat,
  msgId: 1,
  out: `/archive/${chat.label}`,
  relativePath: name,
  size,
})

describe('archiveStatus', () => {
  it('counts each chat’s files by state, its bytes, speed and ETA, and lists running, failed and paused files', async () => {
    const queue = new MemoryQueue(() => NOW)
    await queue.add(
      'chat',
      { chat: chatA, out: '/archive/alpha', lastId: 0, watchMs: 60_000 } satisfies ChatJobData,
      {
        jobId: 'chat-a',
        group: chatGroup(chatA),
        delayMs: 60_000,
      },
    )
    const add = (id: string, data: FileJobData, priority: number, attempts = 5) =>
      queue.add('file', data, { jobId: id, group: chatGroup(data.chat), attempts, priority })
    await add('done', fileJob(chatA, 'done.bin', 100), 4)
    await add('running', fileJob(chatA, 'running.bin', 1000), 3)
    await add('broken', fileJob(chatA, 'broken.bin', 10), 2, 1)
    await add('queued', fileJob(chatA, 'queued.bin', 500), 1)
    await add('held', fileJob(chatB, 'held.bin', 50), 0)
    await queue.pauseGroup(chatGroup(chatB))
    const take = async () => (await queue.lease(['file'], 'w', 60_000))!
    await queue.complete(await take(), { bytes: 100, deduped: false, sha256: 'x' })
    await take()
    const progress: FileJobProgress = { bytes: 400, size: 1000, speed: 100, etaSeconds: 6, at: NOW - 1000 }
    await queue.setProgress('running', progress)
    await queue.fail(await take(), 'FILE_REFERENCE_EXPIRED twice')

    const status = await archiveStatus(queue, { dedupedBytes: async () => 77 }, NOW)
    expect(status.paused).toBe(false)
    expect(status.chats).toEqual([
      {
        label: 'alpha',
        channelId: 1,
        folders: ['/archive/alpha'],
        watching: true,
        queued: 1,
        active: 1,
        done: 1,
        failed: 1,
        paused: 0,
        bytesDone: 100,
        bytesTotal: 1610,
        speed: 100,
        etaSeconds: 11, // (600 left of running + 500 queued) / 100 B/s
      },
      {
        label: 'beta',
        channelId: 2,
        mark: 'paused',
        folders: [],
        watching: false,
        queued: 0,
        active: 0,
        done: 0,
        failed: 0,
        paused: 1,
        bytesDone: 0,
        bytesTotal: 50,
        speed: 0,
        etaSeconds: 0,
      },
    ])
    expect(status.files).toEqual([
      {
        id: 'running',
        chat: 'alpha',
        path: 'running.bin',
        size: 1000,
        state: 'active',
        attemptsMade: 0,
        bytes: 400,
        speed: 100,
        etaSeconds: 6,
      },
      {
        id: 'broken',
        chat: 'alpha',
        path: 'broken.bin',
        size: 10,
        state: 'failed',
        attemptsMade: 1,
        reason: 'FILE_REFERENCE_EXPIRED twice',
      },
      { id: 'held', chat: 'beta', path: 'held.bin', size: 50, state: 'paused', attemptsMade: 0 },
    ])
    expect(status.failed).toEqual([
      { kind: 'file', id: 'broken', attemptsMade: 1, reason: 'FILE_REFERENCE_EXPIRED twice' },
    ])
    expect(status).toMatchObject({ bytesDone: 100, bytesSaved: 77, speed: 100, etaSeconds: 11 })
  })

  it('gives no speed for a running job whose worker stopped reporting, and says when the archive is paused', async () => {
    const queue = new MemoryQueue(() => NOW)
    await queue.add('file', fileJob(chatA, 'a.bin', 1000), { jobId: 'a', group: chatGroup(chatA) })
    await queue.lease(['file'], 'w', 60_000)
    await queue.setProgress('a', {
      bytes: 10,
      size: 1000,
      speed: 100,
      at: NOW - 60_000,
    } satisfies FileJobProgress)
    await queue.pauseGroup(ALL_JOBS)
    const status = await archiveStatus(queue, { dedupedBytes: async () => 0 }, NOW)
    expect(status.paused).toBe(true)
    expect(status.files[0]).toMatchObject({ state: 'active', bytes: 10, speed: 0 })
    expect(status.files[0]?.etaSeconds).toBeUndefined()
    expect(status.chats[0]).toMatchObject({ speed: 0 })
    expect(status.chats[0]?.etaSeconds).toBeUndefined()
    expect(status.etaSeconds).toBeUndefined()
  })
})
