import { statSync } from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { DownloadHandle } from '../download/download-handle.js'
import type { DownloadEngine, DownloadOptions } from '../download/engine.js'
import { fileKeyOf } from '../download/file-key.js'
import { KIND_EXTENSION, type MediaItem } from '../media/media-item.js'
import { type ByteSource, makeEtag } from './byte-source.js'
import { sanitizeFileName } from './content-disposition.js'
import { readFileRange } from './file-byte-source.js'
import type { MediaCache } from './media-cache.js'

export interface EngineByteSourcesOptions {
  engine: DownloadEngine
  cache: MediaCache
  /** for the downloads the server starts (accounts, connections, …) */
  download?: Omit<DownloadOptions, 'path' | 'signal'>
  /**
   * A download the server started stops this long after its last reader
   * left (default 60 s); its partial file and journal stay in the cache.
   */
  idleStopMs?: number
}

/** The extension the cached file gets: the sender's if it is plain, else one for the kind. */
function extensionOf(item: MediaItem): string {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(item.fileName ?? '')?.[1]?.toLowerCase()
  return ext ?? (KIND_EXTENSION[item.kind] || 'bin')
}

function shownName(item: MediaItem): string {
  return sanitizeFileName(
    item.fileName ?? `${item.kind}_${item.origin.msgId}.${KIND_EXTENSION[item.kind] || 'bin'}`,
  )
}

function isComplete(path: string, size: number): boolean {
  try {
    const info = statSync(path)
    return info.isFile() && info.size === size
  } catch {
    return false
  }
}

const ended = (h: DownloadHandle): boolean => h.state === 'failed' || h.state === 'cancelled'

/**
 * Media served through the download engine: every file goes to the cache
 * folder (one path per file key), so what is streamed is saved too, through
 * the engine's journal, and the next request or run reuses it. A read of
 * bytes not there yet makes the download fetch them first.
 */
export class EngineByteSources {
  /** downloads the server started, with the means to stop them */
  private readonly started = new Map<string, AbortController>()
  private readonly idle = new Map<string, NodeJS.Timeout>()

  constructor(private readonly opts: EngineByteSourcesOptions) {}

  /** Where the item's file lives in the cache (downloads to this path share the served bytes). */
  pathOf(item: MediaItem): string {
    return this.opts.cache.pathFor(fileKeyOf(item), extensionOf(item))
  }

  sourceFor(item: MediaItem): ByteSource {
    const key = fileKeyOf(item)
    const path = this.pathOf(item)
    return {
      size: item.size,
      mime: item.mime,
      fileName: shownName(item),
      etag: makeEtag('tgfetch media', key),
      lastModified: new Date(item.date * 1000),
      read: (start, endInclusive, signal) => this.read(item, path, start, endInclusive, signal),
    }
  }

  /** Stops the idle timers (the engine's close() stops the downloads). */
  close(): void {
    for (const timer of this.idle.values()) clearTimeout(timer)
    this.idle.clear()
  }

  private async *read(
    item: MediaItem,
    path: string,
    start: number,
    endInclusive: number,
    signal: AbortSignal,
  ): AsyncGenerator<Uint8Array> {
    const release = await this.opts.cache.acquire(path)
    clearTimeout(this.idle.get(path))
    this.idle.delete(path)
    try {
      const handle = await this.handleFor(item, path)
      let at = start
      try {
        if (handle)
          for await (const chunk of readHandle(handle, start, endInclusive, signal)) {
            at += chunk.length
            yield chunk
          }
      } catch (e) {
        // a read caught in the moment the download closes and renames its file: the rest is on disk
        if (signal.aborted || !handle || !(await doneSoon(handle))) throw e
      }
      if (at <= endInclusive) yield* readFileRange(path, at, endInclusive, signal)
    } finally {
      release()
      this.stopWhenIdle(path)
      this.opts.cache.trim().catch(() => {})
    }
  }

  /** The download of `path` (running, or started now), or undefined when the file is complete. */
  private async handleFor(item: MediaItem, path: string): Promise<DownloadHandle | undefined> {
    let roomMade = false
    for (;;) {
      if (isComplete(path, item.size)) return undefined
      const running = this.opts.engine.downloads().find((h) => h.path === path)
      if (running && !ended(running)) return running
      if (running) {
        // stopped but not yet let go by the engine
        await running.result.catch(() => {})
        await nextTurn()
        continue
      }
      if (!roomMade) {
        await this.opts.cache.trim({ path, size: item.size })
        roomMade = true
        continue
      }
      const stop = new AbortController()
      const handle = this.opts.engine.download(item, { ...this.opts.download, path, signal: stop.signal })
      this.started.set(path, stop)
      const finished = (): void => {
        if (this.started.get(path) === stop) this.started.delete(path)
        this.opts.cache.trim().catch(() => {})
      }
      handle.result.then(finished, finished)
      return handle
    }
  }

  private stopWhenIdle(path: string): void {
    const stop = this.started.get(path)
    if (!stop || this.opts.cache.isLeased(path)) return
    clearTimeout(this.idle.get(path))
    const timer = setTimeout(() => {
      this.idle.delete(path)
      if (!this.opts.cache.isLeased(path)) stop.abort(new Error('nobody is reading it'))
    }, this.opts.idleStopMs ?? 60_000)
    timer.unref()
    this.idle.set(path, timer)
  }
}

/** The download finishes within a few seconds. */
async function doneSoon(handle: DownloadHandle): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 5000)
  })
  const done = handle.result.then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([done, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The handle's progressive read, ended by `signal` or by the download
 * failing (a failed download wakes none of its waiting readers).
 */
async function* readHandle(
  handle: DownloadHandle,
  start: number,
  endInclusive: number,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const inner = new AbortController()
  let onAbort = (): void => {}
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => {
      inner.abort(signal.reason)
      reject(signal.reason)
    }
    handle.result.catch((e: unknown) => {
      inner.abort(e)
      reject(e)
    })
  })
  stopped.catch(() => {})
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  const chunks = handle.read(start, endInclusive, inner.signal)
  try {
    for (;;) {
      const next = await Promise.race([chunks.next(), stopped])
      if (next.done) return
      yield next.value
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    inner.abort()
    chunks.return(undefined).catch(() => {})
  }
}
