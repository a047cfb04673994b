import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { workFilesOf } from '../download/work-files.js'
import { MediaCache } from './media-cache.js'

function cacheWith(maxBytes: number, busy?: (path: string) => boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-cache-'))
  // seconds; every file written and every lease taken or released is 10 s later than the one before
  let clock = 1_700_000_000
  const tick = (): number => {
    clock += 10
    return clock
  }
  const cache = new MediaCache({ dir, maxBytes, busy, now: () => tick() * 1000 })
  const complete = (key: string, bytes: number): string => {
    const path = cache.pathFor(key, 'mp4')
    writeFileSync(path, Buffer.alloc(bytes, 1))
    const at = tick()
    utimesSync(path, at, at)
    return path
  }
  return { dir, cache, complete }
}

const names = (dir: string) => readdirSync(dir).sort()

describe('the media cache', () => {
  it('names files by the SHA-256 of the file key, inside its folder, with a plain extension', () => {
    const { dir, cache } = cacheWith(1000)
    const path = cache.pathFor('dc2:document:5000001:1234', 'mp4')
    expect(dirname(path)).toBe(dir)
    expect(basename(path)).toMatch(/^[0-9a-f]{64}\.mp4$/)
    expect(cache.pathFor('dc2:document:5000001:1234', 'mp4')).toBe(path)
    expect(cache.pathFor('dc2:document:5000002:1234', 'mp4')).not.toBe(path)
    expect(basename(cache.pathFor('k', '../../etc'))).toMatch(/^[0-9a-f]{64}\.bin$/)
  })

  it('deletes least recently used files until it fits, and nothing when it fits', async () => {
    const { dir, cache, complete } = cacheWith(2500)
    const a = complete('a', 1000)
    const b = complete('b', 1000)
    expect(await cache.trim()).toEqual([])
    const c = complete('c', 1000)
    writeFileSync(join(dir, 'notes.txt'), Buffer.alloc(5000)) // not the cache's: neither counted nor deleted
    expect(await cache.trim()).toEqual([a])
    expect(names(dir)).toEqual([basename(b), basename(c), 'notes.txt'].sort())
  })

  it('a read makes a file recently used, and a file being read is never deleted', async () => {
    const { cache, complete } = cacheWith(1500)
    const a = complete('a', 1000)
    const b = complete('b', 1000)
    const c = complete('c', 1000)
    const releaseA = await cache.acquire(a)
    // over by 1500: a is the oldest but in use, so b and c go
    expect(await cache.trim()).toEqual([b, c])
    expect(existsSync(a)).toBe(true)
    releaseA()
    expect(await cache.trim()).toEqual([])
    const d = complete('d', 1000)
    // a was used (released) before d was written: a goes
    expect(await cache.trim()).toEqual([a])
    expect(existsSync(d)).toBe(true)
  })

  it('the oldest goes first among several, and a released lease counts as the newest use', async () => {
    const { cache, complete } = cacheWith(2000)
    const a = complete('a', 1000)
    const b = complete('b', 1000)
    ;(await cache.acquire(a))()
    complete('c', 1000)
    expect(await cache.trim()).toEqual([b])
  })

  it('files a download writes (busy) stay, even when everything is over the bound', async () => {
    let writing = ''
    const { cache, complete } = cacheWith(100, (path) => path === writing)
    const a = complete('a', 1000)
    writing = a
    expect(await cache.trim()).toEqual([])
    writing = ''
    expect(await cache.trim()).toEqual([a])
  })

  it('a stopped download counts what it wrote (sparse) and goes with its journal', async () => {
    const { cache, complete } = cacheWith(60 * 1024)
    const partial = cache.pathFor('partial', 'mp4')
    const work = workFilesOf(partial)
    mkdirSync(dirname(work.partial))
    const fd = openSync(work.partial, 'w')
    ftruncateSync(fd, 64 * 1024 * 1024) // sized up front like the engine's, 8 KiB written
    writeSync(fd, Buffer.alloc(8192, 7), 0, 8192, 4 * 1024 * 1024)
    closeSync(fd)
    writeFileSync(work.journal, '{"parts":[]}')
    for (const f of [work.partial, work.journal]) utimesSync(f, 1_600_000_000, 1_600_000_000)
    const [entry] = await cache.entries()
    expect(entry).toMatchObject({ path: partial, complete: false })
    expect(entry!.bytes).toBeGreaterThanOrEqual(8192)
    expect(entry!.bytes).toBeLessThan(64 * 1024)
    complete('b', 40 * 1024)
    expect(await cache.trim()).toEqual([])
    complete('c', 40 * 1024)
    expect(await cache.trim()).toEqual([partial, cache.pathFor('b', 'mp4')])
    expect(existsSync(work.partial) || existsSync(work.journal)).toBe(false)
  })

  it('makes room for a download about to start', async () => {
    const { cache, complete } = cacheWith(3000)
    const a = complete('a', 1000)
    complete('b', 1000)
    const next = cache.pathFor('next', 'mp4')
    expect(await cache.trim({ path: next, size: 1500 })).toEqual([a])
  })

  it('a read that starts while a trim runs waits for it', async () => {
    const { cache, complete } = cacheWith(0)
    const a = complete('a', 1000)
    const trimmed = cache.trim()
    const release = await cache.acquire(a)
    expect(await trimmed).toEqual([a])
    expect(cache.isLeased(a)).toBe(true)
    release()
  })
})
