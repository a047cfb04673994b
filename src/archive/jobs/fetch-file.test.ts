import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Long from 'long'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DownloadHandle } from '../../download/download-handle.js'
import { DownloadError } from '../../download/part-failure.js'
import type { MediaItem } from '../../media/media-item.js'
import { MediaGoneError } from '../../media/resolve-error.js'
import { type ArchiveDatabase, openArchiveDatabase } from '../archive-db.js'
import { SqliteDedupStore } from '../dedup-store.js'
import { readManifest } from '../manifest.js'
import { type FetchFileServices, FileGoneError, fetchFile } from './fetch-file.js'
import type { FileJobData } from './job-data.js'

const bytes = Buffer.from('the bytes of document 9, '.repeat(40))
const sha = createHash('sha256').update(bytes).digest('hex')
const item = (docId: number): MediaItem => ({
  kind: 'document',
  size: bytes.length,
  mime: 'application/zip',
  dcId: 2,
  location: {
    _: 'inputDocumentFileLocation',
    id: Long.fromNumber(docId),
    accessHash: Long.ONE,
    fileReference: new Uint8Array([1]),
    thumbSize: '',
  },
  origin: { channel: { _: 'inputChannel', channelId: 1, accessHash: Long.ONE }, msgId: 5 },
  date: 0,
  caption: '',
})

describe('fetchFile', () => {
  let db: ArchiveDatabase | undefined
  afterEach(() => db?.close())

  /** A fake engine that writes the bytes as the real one would: whole, under the final name. */
  function setup(root = mkdtempSync(join(tmpdir(), 'tgfetch-fetch-')), docId = 9) {
    db = openArchiveDatabase(join(mkdtempSync(join(tmpdir(), 'tgfetch-fetch-db-')), 'archive.db'))
    const dedup = new SqliteDedupStore(db)
    const downloads: string[] = []
    const services: FetchFileServices = {
      dedup,
      mediaItem: async () => item(docId),
      engine: {
        download(_item, opts) {
          downloads.push(opts.path)
          mkdirSync(dirname(opts.path), { recursive: true })
          writeFileSync(opts.path, bytes)
          const handle = new DownloadHandle(downloads.length, opts.path)
          const now = Date.now()
          const result = {
            path: opts.path,
            size: bytes.length,
            sha256: sha,
            resumedBytes: 0,
            refetchedBytes: 0,
          }
          handle.succeed({ ...result, startedAt: now, finishedAt: now, averageSpeed: 0 })
          return handle
        },
      },
    }
    const job = (chat: string, msgId: number): FileJobData => ({
      identity: 'doc:9@2',
      chat: { channelId: msgId, accessHash: '1', label: chat },
      msgId,
      out: join(root, chat),
      relativePath: `${msgId}.zip`,
      size: bytes.length,
    })
    return { root, dedup, services, downloads, job }
  }

  it('a file not archived yet is downloaded, recorded and noted in the manifest', async () => {
    const { dedup, services, downloads, job } = setup()
    const data = job('a', 5)
    expect(await fetchFile(data, services)).toEqual({ bytes: bytes.length, deduped: false, sha256: sha })
    expect(downloads).toEqual([join(data.out, '5.zip')])
    expect(await dedup.lookup('doc:9@2')).toMatchObject({
      path: join(data.out, '5.zip'),
      sha256: sha,
      msgId: 5,
    })
    expect(readManifest(data.out)).toEqual([
      { type: 'file', id: 5, path: '5.zip', sha256: sha, deduped: false },
    ])
  })

  it('the same file in another chat is hard-linked, once, and its bytes counted as saved', async () => {
    const { dedup, services, downloads, job } = setup()
    await fetchFile(job('a', 5), services)
    const second = job('b', 8)
    expect(await fetchFile(second, services)).toEqual({ bytes: bytes.length, deduped: true, sha256: sha })
    expect(await fetchFile(second, services)).toMatchObject({ deduped: true })
    expect(downloads).toHaveLength(1)
    const [first, linked] = [statSync(join(job('a', 5).out, '5.zip')), statSync(join(second.out, '8.zip'))]
    expect(linked.ino).toBe(first.ino)
    expect(await dedup.dedupedBytes()).toBe(bytes.length)
    expect(readManifest(second.out)).toMatchObject([
      { id: 8, path: '8.zip', sha256: sha, deduped: true },
      { id: 8 },
    ])
  })

  it('a job whose file another job is downloading waits for that copy and links it', async () => {
    const { dedup, services, downloads, job } = setup()
    const first = job('a', 5)
    expect(await dedup.claim('doc:9@2', 'the other job', 60_000)).toBe(true)
    let settled = false
    const waiting = fetchFile(job('b', 8), { ...services, pollMs: 5 }).finally(() => {
      settled = true
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(settled).toBe(false)
    // the other job finishes: its copy, recorded, its claim let go
    mkdirSync(first.out, { recursive: true })
    writeFileSync(join(first.out, '5.zip'), bytes)
    await dedup.record({
      identity: 'doc:9@2',
      path: join(first.out, '5.zip'),
      size: bytes.length,
      sha256: sha,
      chatId: 5,
      msgId: 5,
    })
    await dedup.unclaim('doc:9@2', 'the other job')
    expect(await waiting).toEqual({ bytes: bytes.length, deduped: true, sha256: sha })
    expect(downloads).toEqual([])
  })

  it('a claim its holder stopped renewing expires, and the waiting job downloads', async () => {
    const { dedup, services, downloads, job } = setup()
    expect(await dedup.claim('doc:9@2', 'a job that died', 1)).toBe(true)
    expect(await fetchFile(job('b', 8), { ...services, pollMs: 5 })).toMatchObject({ deduped: false })
    expect(downloads).toEqual([join(job('b', 8).out, '8.zip')])
  })

  it('a claim is renewed from the moment it is taken, while Telegram is asked for the message', async () => {
    // the store's clock and the renewals' timer are the fake ones: time passes only as the test says
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] })
    try {
      const { dedup, services, downloads, job } = setup()
      let asked!: () => void
      const askedForMessage = new Promise<void>((r) => {
        asked = r
      })
      let answer!: (m: MediaItem) => void
      const running = fetchFile(job('a', 5), {
        ...services,
        claimMs: 3000,
        mediaItem: () => {
          asked()
          return new Promise((r) => {
            answer = r
          })
        },
      })
      await askedForMessage
      await vi.advanceTimersByTimeAsync(10_000)
      expect(await dedup.claim('doc:9@2', 'another job', 60_000)).toBe(false)
      answer(item(9))
      expect(await running).toMatchObject({ deduped: false })
      expect(downloads).toHaveLength(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('an archived copy gone from disk is downloaded again and becomes the copy', async () => {
    const { dedup, services, downloads, job } = setup()
    await fetchFile(job('a', 5), services)
    rmSync(join(job('a', 5).out, '5.zip'))
    expect(await fetchFile(job('b', 8), services)).toMatchObject({ deduped: false })
    expect(downloads).toHaveLength(2)
    expect((await dedup.lookup('doc:9@2'))?.path).toBe(join(job('b', 8).out, '8.zip'))
  })

  it('a message whose media changed or went away fails for good', async () => {
    const { services, job } = setup(undefined, 10)
    await expect(fetchFile(job('a', 5), services)).rejects.toThrow(FileGoneError)
    await expect(fetchFile(job('a', 5), { ...services, mediaItem: async () => undefined })).rejects.toThrow(
      FileGoneError,
    )
  })

  it('a listed file whose reference expired and whose message lost it fails for good', async () => {
    const { services, job } = setup()
    const failing: FetchFileServices = {
      ...services,
      engine: {
        download(_item, opts) {
          const handle = new DownloadHandle(1, opts.path)
          const gone = new MediaGoneError('message 5', 'the message or its media is gone')
          handle.fail(new DownloadError('cannot renew the file reference', { cause: gone }))
          return handle
        },
      },
    }
    const listed = { ...job('a', 5), location: { dcId: 2, id: '9', accessHash: '1', fileReference: 'AQ==' } }
    await expect(fetchFile(listed, failing)).rejects.toThrow(FileGoneError)
  })

  it('a path that leaves the chat folder is refused before anything is fetched', async () => {
    const { services, downloads, job } = setup()
    await expect(fetchFile({ ...job('a', 5), relativePath: '../../5.zip' }, services)).rejects.toThrow(
      TypeError,
    )
    expect(downloads).toEqual([])
  })

  // /dev/shm is a tmpfs: a link from there to the temp folder crosses filesystems (EXDEV), so it is a copy
  const crossFs = statSync('/dev/shm', { throwIfNoEntry: false })?.dev !== statSync(tmpdir()).dev
  it.runIf(crossFs)('across filesystems the copy is copied, byte for byte', async () => {
    const shm = mkdtempSync('/dev/shm/tgfetch-fetch-')
    try {
      const { services, job } = setup(shm)
      await fetchFile(job('a', 5), services)
      const other = { ...job('b', 8), out: mkdtempSync(join(tmpdir(), 'tgfetch-fetch-other-')) }
      expect(await fetchFile(other, services)).toMatchObject({ deduped: true })
      expect(readFileSync(join(other.out, '8.zip'))).toEqual(bytes)
      expect(statSync(join(other.out, '8.zip')).ino).not.toBe(statSync(join(shm, 'a', '5.zip')).ino)
    } finally {
      rmSync(shm, { recursive: true, force: true })
    }
  })
})
