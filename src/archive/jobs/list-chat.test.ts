import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { tl } from '@mtcute/tl'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { readManifest } from '../manifest.js'
import { MemoryQueue } from '../queue/memory-queue.test-helper.js'
import { type ChatJobData, type FileJobData, fileJobId } from './job-data.js'
import { type ListChatServices, listChat } from './list-chat.js'

const doc = (id: number, size: number, fileName: string): tl.TypeMessageMedia => ({
  _: 'messageMediaDocument',
  document: {
    _: 'document',
    id: Long.fromNumber(id),
    accessHash: Long.ONE,
    fileReference: new Uint8Array([1]),
    date: 0,
    mimeType: 'application/octet-stream',
    size,
    dcId: 2,
    attributes: [{ _: 'documentAttributeFilename', fileName }],
  },
})
const post = (id: number, media?: tl.TypeMessageMedia): tl.RawMessage => ({
  _: 'message',
  id,
  peerId: { _: 'peerChannel', channelId: 77 },
  date: 1_767_225_600 + id,
  message: `post ${id}`,
  media,
})

/** A chat of 250 messages; every tenth carries a file, message 50 reposts message 10's. */
const chat: tl.TypeMessage[] = Array.from({ length: 250 }, (_, i) => {
  const id = i + 1
  if (id === 50) return post(id, doc(10, 1000, 'ten.zip'))
  return id % 10 === 0
    ? post(id, doc(id, id * 100, id === 20 ? '../../evil.\u202ezip' : `f${id}.zip`))
    : post(id)
})

function setup(maxMessages?: number) {
  const queue = new MemoryQueue()
  const pages: number[] = []
  const services: ListChatServices = {
    queue,
    dedup: { lookup: async (identity) => (identity === 'doc:30@2' ? archived : undefined) },
    async *pages(_data, afterId) {
      pages.push(afterId)
      const after = chat.filter((m) => m.id > afterId)
      for (let i = 0; i < after.length; i += 100) yield after.slice(i, i + 100)
    },
    maxMessages,
  }
  const data: ChatJobData = {
    chat: { channelId: 77, accessHash: '1', label: 'c77' },
    out: mkdtempSync(join(tmpdir(), 'tgfetch-list-')),
    lastId: 0,
  }
  return { queue, services, data, pages }
}
const archived = {
  identity: 'doc:30@2',
  path: '/x',
  size: 3000,
  sha256: 'cd'.repeat(32),
  chatId: 1,
  msgId: 1,
}

describe('listChat', () => {
  it('one pass: a file job per media item, every message in the manifest, the new last id', async () => {
    const { queue, services, data } = setup()
    expect(await listChat(data, services)).toEqual({
      lastId: 250,
      messages: 250,
      filesAdded: 24,
      more: false,
    })
    const jobs = await queue.list<FileJobData>({ kind: 'file' })
    expect(jobs.map((j) => j.data.msgId)).toEqual([
      10, 20, 30, 40, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230,
      240, 250,
    ])
    expect((await queue.get<FileJobData>(fileJobId('doc:40@2', 77, data.out)))?.data).toEqual({
      identity: 'doc:40@2',
      chat: data.chat,
      msgId: 40,
      out: data.out,
      relativePath: '40.zip',
      size: 4000,
      // as listed, so the file job need not ask for message 40 again
      location: { dcId: 2, id: '40', accessHash: '1', fileReference: 'AQ==' },
    })
    const lines = readManifest(data.out)
    expect(lines.map((l) => l.id)).toEqual(chat.map((m) => m.id))
    expect(lines[19]).toMatchObject({ media: { path: '20.bin', name: '../../evil.\u202ezip' } })
    // known to the dedup store already: its hash is in the manifest at once
    expect(lines[29]).toMatchObject({ media: { path: '30.zip', sha256: archived.sha256 } })
  })

  it('a file posted again in the chat is one job; the repost points at the first copy', async () => {
    const { queue, services, data } = setup()
    await listChat(data, services)
    expect(
      (await queue.list({ kind: 'file' })).filter((j) => j.id === fileJobId('doc:10@2', 77, data.out)),
    ).toHaveLength(1)
    expect(readManifest(data.out)[49]).toMatchObject({
      id: 50,
      media: { path: '10.zip', identity: 'doc:10@2' },
    })
  })

  it('running the same pass again adds and appends nothing', async () => {
    const { queue, services, data } = setup()
    await listChat(data, services)
    expect(await listChat(data, services)).toMatchObject({ lastId: 250, filesAdded: 0 })
    expect(readManifest(data.out)).toHaveLength(250)
    expect((await queue.counts('file')).waiting).toBe(24)
  })

  it('the filter picks the files; the manifest still has every message', async () => {
    const { queue, services, data } = setup()
    await listChat({ ...data, filter: { minSize: '20000' } }, services)
    expect((await queue.list<FileJobData>({ kind: 'file' })).map((j) => j.data.msgId)).toEqual([
      200, 210, 220, 230, 240, 250,
    ])
    expect(readManifest(data.out)).toHaveLength(250)
  })

  it('a pass stops at its limit (after a whole page) and the next continues from its last id', async () => {
    const { services, data, pages } = setup(150)
    const first = await listChat(data, services)
    expect(first).toEqual({ lastId: 200, messages: 200, filesAdded: 19, more: true })
    const second = await listChat({ ...data, lastId: first.lastId }, services)
    expect(second).toEqual({ lastId: 250, messages: 50, filesAdded: 5, more: false })
    expect(pages).toEqual([0, 200])
    expect(readManifest(data.out).map((l) => l.id)).toEqual(chat.map((m) => m.id))
  })
})
