/** `tgfetch serve` in-process: the stream server answering from the engine, the testkit on the `free` profile. */
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSessions } from '../client/account-session.js'
import { finalNameOf, WORK_DIR } from '../download/work-files.js'
import { generateWorld } from '../testkit/world/generate.js'
import { type StreamFixture, streamFixture } from './engine-stream.test-helper.js'
import { fetchRaw } from './stream.test-helper.js'

const MIB = 1024 * 1024
const SIZE = 32 * MIB
const VIDEO = 'tgfetch_media/2'

/** Reads a GET of the whole file until `stopAt` bytes came, then calls `stop` (which cuts the connection). */
function readUntil(url: string, stopAt: number, stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0
    let stopping = false
    const req = request(url, { agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received >= stopAt && !stopping) {
          stopping = true
          stop().then(() => resolve(received), reject)
        }
      })
      res.on('error', () => {})
      res.on('end', () => {
        if (!stopping) reject(new Error(`the whole file came (${received} bytes) before it was stopped`))
      })
    })
    req.on('error', () => {})
    req.end()
  })
}

describe('tgfetch serve through the engine (free profile)', () => {
  let fx: StreamFixture
  let me: AccountSessions
  beforeAll(async () => {
    fx = await streamFixture(generateWorld({ seed: 31, largeFileSize: SIZE }))
    me = await fx.account((a) => a.dc === 2 && !a.premium)
  }, 60_000)
  afterAll(() => fx?.close())
  afterEach(() => {
    expect(fx.errors.splice(0)).toEqual([])
  })

  it('GET, HEAD and ranges are the testkit’s bytes; the ETag holds across requests and restarts', async () => {
    const cacheDir = await mkdtemp(join(fx.dir, 'cache-'))
    const first = await fx.serve(me, { cacheDir })
    const url = `${first.url}${VIDEO}`

    const head = await fetchRaw(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(SIZE))
    expect(head.headers['content-type']).toBe('video/mp4')
    expect(head.headers['accept-ranges']).toBe('bytes')
    expect(head.headers['content-disposition']).toBe('inline; filename="big-video.mp4"')
    expect(head.body.length).toBe(0)
    const etag = head.headers.etag
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)

    const ranges: Array<[number, number]> = [
      [0, 99],
      [SIZE / 2 - 777, SIZE / 2 + 300_000],
      [SIZE - 1000, SIZE - 1],
    ]
    for (const [start, end] of ranges) {
      const got = await fetchRaw(url, { headers: { Range: `bytes=${start}-${end}` } })
      expect(got.status).toBe(206)
      expect(got.headers['content-range']).toBe(`bytes ${start}-${end}/${SIZE}`)
      expect(got.headers.etag).toBe(etag)
      expect(got.body.equals(await fx.expected('tgfetch_media', 2, start, end))).toBe(true)
    }
    const suffix = await fetchRaw(url, { headers: { Range: 'bytes=-5000' } })
    expect(suffix.body.equals(await fx.expected('tgfetch_media', 2, SIZE - 5000, SIZE - 1))).toBe(true)

    const beyond = await fetchRaw(url, { headers: { Range: `bytes=${SIZE}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${SIZE}`)

    const attachment = await fetchRaw(`${url}?download=1`, { headers: { Range: 'bytes=0-0' } })
    expect(attachment.status).toBe(206)
    expect(attachment.headers['content-disposition']).toBe('attachment; filename="big-video.mp4"')

    const whole = await fetchRaw(url)
    expect(whole.status).toBe(200)
    expect(whole.headers.etag).toBe(etag)
    expect(whole.body.equals(await fx.expected('tgfetch_media', 2, 0, SIZE - 1))).toBe(true)
    const notModified = await fetchRaw(url, { headers: { 'If-None-Match': etag! } })
    expect(notModified.status).toBe(304)
    await first.close()

    // the cache holds the complete file: a new server answers from disk, same ETag, nothing fetched
    const entries = await first.stream.cache.entries()
    expect(entries.map((e) => [e.complete, e.bytes])).toEqual([[true, SIZE]])
    const second = await fx.serve(me, { cacheDir })
    const requestsBefore = fx.getFileRequests(me)
    const again = await fetchRaw(`${second.url}${VIDEO}`, { headers: { Range: 'bytes=1000-1999' } })
    expect(again.headers.etag).toBe(etag)
    expect(again.body.equals(await fx.expected('tgfetch_media', 2, 1000, 1999))).toBe(true)
    expect(fx.getFileRequests(me)).toBe(requestsBefore)
    expect(second.engine.downloads()).toEqual([])
    await second.close()
  }, 120_000)

  it('?link= serves the linked media of an album; missing media and chats are 404 with a reason', async () => {
    const run = await fx.serve(me)
    const clip = await fetchRaw(`${run.url}?link=${encodeURIComponent('https://t.me/tgfetch_media/12')}`)
    expect(clip.status).toBe(200)
    expect(clip.headers['content-disposition']).toBe('inline; filename="clip.mp4"')
    const size = fx.fileOf('tgfetch_media', 12).size
    expect(clip.body.equals(await fx.expected('tgfetch_media', 12, 0, size - 1))).toBe(true)

    const text = await fetchRaw(`${run.url}?link=${encodeURIComponent('https://t.me/tgfetch_media/9')}`)
    expect([text.status, text.body.toString()]).toEqual([
      404,
      'https://t.me/tgfetch_media/9: the message has no media\n',
    ])
    const nobody = await fetchRaw(`${run.url}nosuchchannel_here/1`)
    expect(nobody.status).toBe(404)
    expect(nobody.body.toString()).toMatch(/no such username/)
    const gone = await fetchRaw(`${run.url}tgfetch_media/999`)
    expect(gone.status).toBe(404)
    expect(gone.body.toString()).toMatch(/does not exist/)
    await run.close()
  }, 60_000)

  it('a seek while the same file downloads at 10 % is fetched ahead of the download, by the same download', async () => {
    const connections = 2
    const run = await fx.serve(me, { engine: { maxConnectionsPerDc: connections } })
    const item = await fx.item(me, `https://t.me/${VIDEO}?single`)
    // as `get` would: a download of the file, to the path the server reads
    const handle = run.engine.download(item, { path: run.stream.pathOf(item) })
    await new Promise<void>((resolve) =>
      handle.on('progress', (p) => {
        if (p.bytes >= SIZE / 10) resolve()
      }),
    )
    const before = fx.fileParts(me).length
    const start = Math.floor(SIZE * 0.8) + 4321
    const end = start + 1_000_000 - 1
    const got = await fetchRaw(`${run.url}${VIDEO}`, { headers: { Range: `bytes=${start}-${end}` } })
    expect(got.status).toBe(206)
    expect(got.body.equals(await fx.expected('tgfetch_media', 2, start, end))).toBe(true)
    // in the order the testkit answered: once the seek was asked, only the parts already in flight
    // (at most 8 a connection) came before the one holding its first byte, not the 20 between
    const after = fx.fileParts(me).slice(before)
    const seekPart = after.findIndex((p) => p.offset <= start && start < p.offset + MIB)
    expect(seekPart).toBeGreaterThanOrEqual(0)
    expect(seekPart).toBeLessThanOrEqual(connections * 8)
    // one download served both
    expect(run.engine.downloads()).toEqual([handle])
    await run.close()
  }, 120_000)

  it('stopped mid-file, a restart on the same cache fetches nothing the first run delivered', async () => {
    const cacheDir = await mkdtemp(join(fx.dir, 'cache-'))
    const first = await fx.serve(me, { cacheDir, engine: { maxConnectionsPerDc: 4 } })
    // the tail never comes in the first run: however slow the reader, the download is still mid-file
    fx.testkit.faults.stallNext(Number.MAX_SAFE_INTEGER, { method: 'upload.getFile', fromOffset: SIZE * 0.6 })
    const received = await readUntil(`${first.url}${VIDEO}`, SIZE * 0.4, () => first.close())
    fx.testkit.faults.clearRules()
    expect(received).toBeGreaterThanOrEqual(SIZE * 0.4)
    const names = readdirSync(join(cacheDir, WORK_DIR))
    expect(names.some((n) => n.endsWith('.journal'))).toBe(true)
    expect(readdirSync(cacheDir).some((n) => /^[0-9a-f]{64}\.mp4$/.test(n))).toBe(false)

    const second = await fx.serve(me, { cacheDir })
    const before = fx.fileParts(me).length
    const whole = await fetchRaw(`${second.url}${VIDEO}`)
    expect(whole.body.equals(await fx.expected('tgfetch_media', 2, 0, SIZE - 1))).toBe(true)
    // the bytes a reader got came from disk and were journaled: none of them is fetched again
    const again = fx.fileParts(me).slice(before)
    expect(again.filter((p) => p.offset + p.bytes <= received)).toEqual([])
    expect(again.length).toBeGreaterThan(0)
    await second.close()
    const path = join(cacheDir, finalNameOf(names.find((n) => n.endsWith('.journal'))!)!)
    expect(existsSync(path)).toBe(true)
  }, 120_000)

  it('a download nobody reads any more stops after idleStopMs; its partial file stays in the cache', async () => {
    const run = await fx.serve(me, { idleStopMs: 300, engine: { maxConnectionsPerDc: 2 } })
    const req = request(`${run.url}${VIDEO}`, { agent: false })
    req.on('error', () => {})
    req.end()
    await new Promise<void>((resolve) =>
      req.on('response', (res) => {
        let received = 0
        res.on('data', (chunk: Buffer) => {
          received += chunk.length
          if (received > SIZE / 10) {
            req.destroy()
            resolve()
          }
        })
      }),
    )
    const [download] = run.engine.downloads()
    expect(download?.state).toBe('running')
    await expect(download!.result).rejects.toThrow(/nobody is reading it/)
    expect(run.engine.downloads()).toEqual([])
    const [entry] = await run.stream.cache.entries()
    expect(entry?.complete).toBe(false)
    expect(entry!.bytes).toBeGreaterThan(SIZE / 10)
    expect(entry!.bytes).toBeLessThan(SIZE)
    await run.close()
  }, 60_000)

  it('keeps the cache under its bound: the least recently used complete file goes', async () => {
    const run = await fx.serve(me, { cacheBytes: 6 * MIB })
    const archive = await fetchRaw(`${run.url}tgfetch_media/1`)
    expect(archive.status).toBe(200)
    const pdf = await fetchRaw(`${run.url}tgfetch_media/4`)
    expect(pdf.body.equals(await fx.expected('tgfetch_media', 4, 0, pdf.body.length - 1))).toBe(true)
    // the pdf's download has ended and been let go by now, then the cache trims
    await new Promise((r) => setTimeout(r, 300))
    await run.stream.cache.trim()
    const entries = await run.stream.cache.entries()
    expect(entries.map((e) => e.bytes)).toEqual([3 * MIB])
    await run.close()
  }, 60_000)
})
