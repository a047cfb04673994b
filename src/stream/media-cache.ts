import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readdir, stat, unlink, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { finalNameOf, WORK_DIR } from '../download/work-files.js'

/** `<sha256 hex>.<ext>`; what the engine keeps while downloading is in its work folder, under the same name. */
const CACHE_FILE = /^[0-9a-f]{64}\.[a-z0-9]{1,10}$/
const EXT = /^[a-z0-9]{1,10}$/

export interface MediaCacheOptions {
  /** created if missing; only files named like cache entries are ever deleted */
  dir: string
  /** the bound: least recently used entries nobody reads are deleted above it */
  maxBytes: number
  /** paths a download is writing right now (never deleted), e.g. the engine's running downloads */
  busy?: (path: string) => boolean
  /** ms since the epoch (tests) */
  now?: () => number
}

/** One cached file: complete, or the partial file and journal of a download that stopped or runs. */
export interface CacheEntry {
  /** the complete file's path (it may not exist yet) */
  path: string
  /** disk bytes of every file of the entry (a sparse partial file counts what is written) */
  bytes: number
  complete: boolean
  /** ms since the epoch */
  lastUsed: number
}

interface ScannedEntry extends CacheEntry {
  files: string[]
}

/**
 * The folder `tgfetch serve` keeps media in, bounded in size. Readers hold a
 * lease on an entry while they read it; `trim` deletes least recently used
 * entries with no lease and no running download until the folder fits.
 */
export class MediaCache {
  private readonly leases = new Map<string, number>()
  private readonly used = new Map<string, number>()
  private trimming: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: MediaCacheOptions) {
    if (!Number.isFinite(opts.maxBytes) || opts.maxBytes < 0) throw new RangeError('maxBytes must be ≥ 0')
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 })
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now()
  }

  get dir(): string {
    return this.opts.dir
  }

  get maxBytes(): number {
    return this.opts.maxBytes
  }

  /** Where a file goes: named by the SHA-256 of its key, so nothing a sender chose reaches the path. */
  pathFor(fileKey: string, ext: string): string {
    const safeExt = EXT.test(ext) ? ext : 'bin'
    return join(this.opts.dir, `${createHash('sha256').update(fileKey).digest('hex')}.${safeExt}`)
  }

  /** Marks `path` as being read (after any trim under way); call the result once when done. */
  async acquire(path: string): Promise<() => void> {
    await this.trimming
    this.leases.set(path, (this.leases.get(path) ?? 0) + 1)
    this.used.set(path, this.now())
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.leases.get(path) ?? 1) - 1
      if (left > 0) this.leases.set(path, left)
      else this.leases.delete(path)
      const now = this.now()
      this.used.set(path, now)
      // the order survives a restart: a complete file's mtime is its last use
      const seconds = now / 1000
      utimes(path, seconds, seconds).catch(() => {})
    }
  }

  /** Some response is reading it. */
  isLeased(path: string): boolean {
    return (this.leases.get(path) ?? 0) > 0
  }

  /** Read by a response or written by a running download. */
  inUse(path: string): boolean {
    return this.isLeased(path) || this.opts.busy?.(path) === true
  }

  /** Every entry in the folder, least recently used first. */
  async entries(): Promise<CacheEntry[]> {
    return (await this.scan()).map(({ files: _, ...entry }) => entry)
  }

  /**
   * Deletes least recently used entries nobody uses until the folder fits
   * `maxBytes`, with room for `reserve` (a download about to start: its
   * size less what its entry holds already). Resolves with the deleted paths.
   */
  trim(reserve?: { path: string; size: number }): Promise<string[]> {
    const run = this.trimming.then(() => this.trimNow(reserve))
    this.trimming = run.catch(() => {})
    return run
  }

  private async trimNow(reserve?: { path: string; size: number }): Promise<string[]> {
    const entries = await this.scan()
    let total = entries.reduce((sum, e) => sum + e.bytes, 0)
    if (reserve) {
      const held = entries.find((e) => e.path === reserve.path)?.bytes ?? 0
      total += Math.max(0, reserve.size - held)
    }
    const removed: string[] = []
    for (const entry of entries) {
      if (total <= this.opts.maxBytes) break
      if (this.inUse(entry.path) || entry.path === reserve?.path) continue
      total -= entry.bytes
      await Promise.all(entry.files.map((f) => unlink(f).catch(ignoreMissing)))
      this.used.delete(entry.path)
      removed.push(entry.path)
    }
    return removed
  }

  /** Every file of a cache entry: `[entry name, file path, whole]`, complete files and the engine's work files. */
  private async files(): Promise<Array<[string, string, boolean]>> {
    const found: Array<[string, string, boolean]> = []
    for (const name of await readdir(this.opts.dir))
      if (CACHE_FILE.test(name)) found.push([name, join(this.opts.dir, name), true])
    const work = join(this.opts.dir, WORK_DIR)
    const workNames = await readdir(work).catch((e: unknown) => {
      ignoreMissing(e)
      return []
    })
    for (const name of workNames) {
      const entry = finalNameOf(name)
      if (entry && CACHE_FILE.test(entry)) found.push([entry, join(work, name), false])
    }
    return found
  }

  private async scan(): Promise<ScannedEntry[]> {
    const byPath = new Map<string, ScannedEntry>()
    for (const [name, file, whole] of await this.files()) {
      let info: Awaited<ReturnType<typeof stat>>
      try {
        info = await stat(file)
      } catch (e) {
        ignoreMissing(e)
        continue
      }
      if (!info.isFile()) continue
      const path = join(this.opts.dir, name)
      const entry = byPath.get(path) ?? { path, bytes: 0, complete: false, lastUsed: 0, files: [] }
      // a partial file is sized up front but sparse: count the blocks written
      const diskBytes =
        whole || info.blocks === undefined ? info.size : Math.min(info.size, info.blocks * 512)
      entry.bytes += diskBytes
      entry.complete ||= whole
      entry.lastUsed = Math.max(entry.lastUsed, info.mtimeMs)
      entry.files.push(file)
      byPath.set(path, entry)
    }
    for (const entry of byPath.values())
      entry.lastUsed = Math.max(entry.lastUsed, this.used.get(entry.path) ?? 0)
    return [...byPath.values()].sort((a, b) => a.lastUsed - b.lastUsed)
  }
}

function ignoreMissing(e: unknown): void {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
}
