import { getEventListeners } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClientSession } from '../mtproto/index.js'
import { SyntheticContent } from '../testkit/content/synthetic-content.js'
import { expectedSha256, sha256 } from '../testkit/e2e/e2e.test-helper.js'
import { DownloadCancelledError } from './download-handle.js'
import { DownloadEngine } from './engine.js'
import { type EngineFixture, engineFixture } from './engine.test-helper.js'
import type { EngineAccount } from './engine-account.js'
import type { PartWrite } from './target-file.js'
import { workFilesOf } from './work-files.js'

/** `account`, with every upload.getFile noted: its limit → the connections it went out on. */
function spiedAccount(account: EngineAccount, seen: Map<number, Set<ClientSession>>): EngineAccount {
  return {
    label: account.label,
    premium: account.premium,
    home: (signal) => account.home(signal),
    connectCdn: (dcId, signal) => account.connectCdn(dcId, signal),
    forgetAuthorization: (dcId, cdn) => account.forgetAuthorization(dcId, cdn),
    async connect(dcId, signal) {
      const session = await account.connect(dcId, signal)
      const call = session.call.bind(session)
      session.call = ((method, options) => {
        if (method._ === 'upload.getFile') {
          const on = seen.get(method.limit) ?? new Set()
          seen.set(method.limit, on.add(session))
        }
        return call(method, options)
      }) as typeof session.call
      return session
    },
  }
}

describe('the engine downloads from the testkit (lan)', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 24 * 1024 * 1024 })
  })
  afterAll(() => fx.close())

  it('a file over several connections, verified, under its final name only when complete', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const engine = new DownloadEngine({ accounts: [me], verify: true, sha256: true })
    const path = join(fx.dir, 'big.mp4')
    const caller = new AbortController()
    const handle = engine.download(item!, { path, signal: caller.signal })
    let sawPartial = false
    handle.on('progress', () => {
      if (existsSync(workFilesOf(path).partial) && !existsSync(path)) sawPartial = true
    })
    const result = await handle.result
    await engine.close()
    const expected = expectedSha256(fx.fileOf(item!))
    expect(result.sha256).toBe(expected)
    expect(sha256(readFileSync(path))).toBe(expected)
    const work = workFilesOf(path)
    expect([existsSync(work.partial), existsSync(work.journal), existsSync(work.lock)]).toEqual([
      false,
      false,
      false,
    ])
    expect(sawPartial).toBe(true)
    // the caller's signal (one may serve a whole chat) keeps nothing of a finished download
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0)
    const seen = fx.testkit.network.accounting.snapshot()
    expect(seen.violations).toEqual({ floodWaitIgnored: 0, getFileRange: 0, tooManyConnections: 0 })
    expect(seen.accounts[`user:${me.account.userId}`]?.requests['upload.getFileHashes']).toBeGreaterThan(0)
  })

  it("warm: the download connections to the home DC are asked for before the link's resolve answers, and serve its download", async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const events: string[] = []
    const account: EngineAccount = {
      label: me.label,
      premium: me.premium,
      home: (signal) => me.home(signal),
      connectCdn: (dcId, signal) => me.connectCdn(dcId, signal),
      forgetAuthorization: (dcId, cdn) => me.forgetAuthorization(dcId, cdn),
      connect(dcId, signal) {
        events.push(`connect ${dcId}`)
        return me.connect(dcId, signal)
      },
    }
    const engine = new DownloadEngine({ accounts: [account] })
    engine.warm(2)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    events.push('resolved')
    await engine.download(item!, { path: join(fx.dir, 'warmed.mp4') }).result
    await engine.close()
    expect(sha256(readFileSync(join(fx.dir, 'warmed.mp4')))).toBe(expectedSha256(fx.fileOf(item!)))
    // the pool's first 8 connections, all asked for while the link resolved
    expect(events.slice(0, 9)).toEqual([...Array(8).fill('connect 2'), 'resolved'])
  })

  it('-c of one download caps that download only, not the pool other downloads share', async () => {
    const seen = new Map<number, Set<ClientSession>>()
    const me = spiedAccount(await fx.account((a) => a.dc === 2 && !a.premium), seen)
    const [item] = await fx.resolve(
      await fx.account((a) => a.dc === 2 && !a.premium),
      'https://t.me/tgfetch_media/2',
    )
    // 6 connections from the start and never resized: each connection a download used is still there
    const engine = new DownloadEngine({ accounts: [me], maxConnectionsPerDc: 6 })
    // told apart by their part sizes: 512 KiB for the capped one, 1 MiB for the other
    const capped = engine.download(item!, {
      path: join(fx.dir, 'capped.mp4'),
      connections: 2,
      partSize: 512 * 1024,
    })
    const free = engine.download(item!, { path: join(fx.dir, 'free.mp4') })
    await Promise.all([capped.result, free.result])
    await engine.close()
    expect(seen.get(512 * 1024)?.size).toBeLessThanOrEqual(2)
    expect(seen.get(1024 * 1024)?.size).toBeGreaterThan(2)
  })

  /** What happened at offset 0 of a download, in order: requests asked and answered, bytes written. */
  async function offsetZero(name: string, headFirst?: boolean, prefetch?: boolean): Promise<string[]> {
    const events: string[] = []
    const real = await fx.account((a) => a.dc === 2 && !a.premium)
    const me: EngineAccount = {
      ...spiedAccount(real, new Map()),
      async connect(dcId, signal) {
        const session = await real.connect(dcId, signal)
        const call = session.call.bind(session)
        session.call = ((method, options) => {
          const answer = call(method, options)
          if (method._ === 'upload.getFile' && method.offset === 0) {
            events.push(`ask ${method.limit}`)
            void answer.then(() => events.push(`answer ${method.limit}`)).catch(() => {})
          }
          return answer
        }) as typeof session.call
        return session
      },
    }
    const [item] = await fx.resolve(real, 'https://t.me/tgfetch_media/2')
    const engine = new DownloadEngine({
      accounts: [me],
      sha256: true,
      wrapWrite: (write) => (offset, bytes) => {
        if (offset === 0) events.push(`write ${bytes.length}`)
        return write(offset, bytes)
      },
    })
    if (prefetch) {
      engine.prefetchHead(item!)
      await vi.waitFor(() => expect(events).toContain('answer 4096'), { timeout: 30_000 })
      events.push('download')
    }
    const result = await engine.download(item!, { path: join(fx.dir, name), headFirst }).result
    await engine.close()
    expect(result.sha256).toBe(expectedSha256(fx.fileOf(item!)))
    return events
  }

  it("with headFirst, asks for the file's head first: its bytes are being written before part 0 is answered", async () => {
    // the head goes out first and is on its way to the disk before the whole part arrives; the part is written after it
    expect(await offsetZero('head-first.mp4', true)).toEqual([
      'ask 4096',
      'ask 1048576',
      'answer 4096',
      'write 4096',
      'answer 1048576',
      'write 1048576',
    ])
  })

  it('a head prefetched as soon as the file is known is written once its download opens, and not asked again', async () => {
    expect(await offsetZero('prefetched.mp4', true, true)).toEqual([
      'ask 4096',
      'answer 4096',
      'download',
      'write 4096',
      'ask 1048576',
      'answer 1048576',
      'write 1048576',
    ])
  })

  it('by default asks for each byte once: no head ahead of part 0', async () => {
    expect(await offsetZero('no-head.mp4')).toEqual(['ask 1048576', 'answer 1048576', 'write 1048576'])
  })

  it('a DC that never answers: the watchdog asks again, then gives up saying what the download waited for', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    fx.testkit.faults.stallNext(10_000, { method: 'upload.getFile' })
    const engine = new DownloadEngine({ accounts: [me], stallLimitMs: 2000 })
    const handle = engine.download(item!, { path: join(fx.dir, 'silent.mp4') })
    const notices: string[] = []
    handle.on('notice', (n) => notices.push(n.message))
    const error = await handle.result.then(
      () => undefined,
      (e: Error) => e,
    )
    await engine.close()
    expect(error?.message).toMatch(/^no data for 2 s: giving up \(\d+ parts in flight; .* waits for /)
    expect(notices.some((m) => /asking again for \d+ parts/.test(m))).toBe(true)
  })
})

describe('the engine stops and picks up again', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 24 * 1024 * 1024, profile: 'premium' })
  })
  afterAll(() => fx.close())

  it('pause sends nothing new until resume', async () => {
    const me = await fx.account((a) => a.dc === 4 && a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const engine = new DownloadEngine({ accounts: [me], sha256: true })
    // two connections: slow enough that requests are still to be sent when the pause comes
    const handle = engine.download(item!, { path: join(fx.dir, 'paused.mp4'), connections: 2 })
    await new Promise<void>((resolve) => handle.once('progress', () => resolve()))
    handle.pause()
    expect(handle.state).toBe('paused')
    await new Promise((r) => setTimeout(r, 600)) // requests in flight land
    const requests = () =>
      fx.testkit.network.accounting.snapshot().accounts[`user:${me.account.userId}`]?.requests[
        'upload.getFile'
      ] ?? 0
    const atPause = requests()
    await new Promise((r) => setTimeout(r, 600))
    expect(requests()).toBe(atPause)
    handle.resume()
    const result = await handle.result
    await engine.close()
    expect(result.sha256).toBe(expectedSha256(fx.fileOf(item!)))
    expect(requests()).toBeGreaterThan(atPause)
  })
})

describe('the engine streams, stops and resumes while it downloads (free profile)', () => {
  let fx: EngineFixture
  beforeAll(async () => {
    fx = await engineFixture({ largeFileSize: 32 * 1024 * 1024, profile: 'free' })
  })
  afterAll(() => fx.close())

  it('cancel keeps the durable parts; a new engine resumes from the journal and fetches only the rest', async () => {
    // the free profile caps the account at 20 MB/s: a third of the file and the rest never fit in one
    // 250 ms progress tick, so the cancel always lands mid-file
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const path = join(fx.dir, 'resumed.mp4')
    const first = new DownloadEngine({ accounts: [me], flushMs: 50, sha256: true })
    const handle = first.download(item!, { path })
    await new Promise<void>((resolve) =>
      handle.on('progress', (p) => {
        if (p.bytes > item!.size / 3) resolve()
      }),
    )
    handle.cancel()
    await expect(handle.result).rejects.toBeInstanceOf(DownloadCancelledError)
    expect(handle.state).toBe('cancelled')
    await first.close()
    expect(existsSync(workFilesOf(path).journal)).toBe(true)
    expect(existsSync(path)).toBe(false)

    // what the second engine writes, part by part: the testkit's ledger cannot tell its requests from
    // answers the first engine still had in flight when it was cancelled (a busy machine delays them)
    const written: { offset: number; length: number }[] = []
    const wrapWrite =
      (write: PartWrite): PartWrite =>
      async (offset, bytes) => {
        written.push({ offset, length: bytes.length })
        await write(offset, bytes)
      }
    const second = new DownloadEngine({ accounts: [me], sha256: true, wrapWrite })
    const result = await second.download(item!, { path }).result
    await second.close()
    expect(result.sha256).toBe(expectedSha256(fx.fileOf(item!)))
    expect(result.resumedBytes).toBeGreaterThan(0)
    // the rest, each part once, not the whole file again
    const offsets = written.map((w) => w.offset)
    expect(new Set(offsets).size).toBe(offsets.length)
    expect(written.reduce((sum, w) => sum + w.length, 0)).toBe(item!.size - result.resumedBytes)
  })

  it('a read near the end, asked for at 10 %, is fetched first and matches the file', async () => {
    const me = await fx.account((a) => a.dc === 2 && !a.premium)
    const [item] = await fx.resolve(me, 'https://t.me/tgfetch_media/2')
    const engine = new DownloadEngine({ accounts: [me], maxConnectionsPerDc: 4 })
    const path = join(fx.dir, 'streamed.mp4')
    const handle = engine.download(item!, { path })
    await new Promise<void>((resolve) =>
      handle.on('progress', (p) => {
        if (p.bytes >= item!.size / 10) resolve()
      }),
    )
    const start = item!.size - 3 * 1024 * 1024 + 12345
    const chunks: Uint8Array[] = []
    for await (const chunk of handle.read(start, start + 1_000_000 - 1, new AbortController().signal))
      chunks.push(chunk)
    const atRead = handle.progress().bytes
    const got = Buffer.concat(chunks)
    const expected = new Uint8Array(1_000_000)
    await new SyntheticContent(fx.fileOf(item!).id, item!.size).readInto(expected, 0, start, expected.length)
    expect(got.equals(expected)).toBe(true)
    // served long before the download got there in order
    expect(atRead).toBeLessThan(item!.size * 0.7)
    // the same path again is the same download
    expect(engine.download(item!, { path })).toBe(handle)
    const result = await handle.result
    expect(result.size).toBe(item!.size)
    await engine.close()
  })
})
