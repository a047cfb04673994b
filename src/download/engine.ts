import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { MediaItem } from '../media/media-item.js'
import { DcPool } from './dc-pool.js'
import { DownloadCancelledError, DownloadHandle } from './download-handle.js'
import { DownloadTask } from './download-task.js'
import type { EngineAccount } from './engine-account.js'
import type { DownloadNotice } from './events.js'
import { FloodGate, type SharedFloods } from './flood-gate.js'
import { PartFetcher } from './part-fetcher.js'
import { defaultPartSize, headOf, partAt } from './part-plan.js'
import { PartSource } from './part-source.js'
import { RequestPacer } from './request-pacer.js'
import { checkStoredFile, type StoredCheck } from './stored-check.js'
import type { PartWrite } from './target-file.js'
import { type LockHolder, lockHolderOf, waitForTargetFree } from './target-lock.js'
import { judgeTarget, type TargetVerdict } from './target-state.js'
import { isInWorkDir, WORK_DIR } from './work-files.js'

export interface EngineOptions {
  /** accounts downloads may use; the first is the default */
  accounts: EngineAccount[]
  /** connections one account may keep to one DC (default 12, premium 18) */
  maxConnectionsPerDc?: number
  /** downloads running at once; more wait their turn by priority (default 4) */
  maxActiveDownloads?: number
  /** check parts against Telegram's hashes (default false: MTProto's msg_key already guards every byte in transit; CDN parts are always checked) */
  verify?: boolean
  /** compute each file's SHA-256 for the result (default false: one more pass over the data) */
  sha256?: boolean
  /**
   * accept CDN redirects (default false: a CDN part must be SHA-256-checked,
   * which costs CPU, and the testkit's CDN is no faster than the main DC;
   * turn it on where Telegram's CDN is nearer than your DC)
   */
  cdn?: boolean
  /** how often written parts are flushed and journaled, ms (default 250) */
  flushMs?: number
  /** a download with no new byte for this long fails, ms (default 120 s) */
  stallLimitMs?: number
  /** where FLOOD_WAITs are shared with other processes using the same accounts (none: this engine's own) */
  floods?: SharedFloods
  /** goes around every write of part bytes: tests make the disk full with it */
  wrapWrite?: (write: PartWrite) => PartWrite
  /** every download's notices, for logs */
  onNotice?(notice: DownloadNotice, handle: DownloadHandle): void
}

export interface DownloadOptions {
  /** the final path; the folder is created; the data and journal live in `.tgfetch/` beside it until done (work-files.ts) */
  path: string
  /** labels of the accounts to fetch with, together (default: the engine's first account) */
  accounts?: string[]
  /** at most this many connections per account and DC for this download (the pools it shares keep their size) */
  connections?: number
  /** bytes per request: a power of two from 4 KiB to 1 MiB (default 1 MiB, less for small files) */
  partSize?: number
  verify?: boolean
  sha256?: boolean
  /** higher goes first, for queued downloads and for request slots */
  priority?: number
  /** while another process writes the same file: wait for it (default), or fail with TargetBusyError */
  wait?: boolean
  /**
   * ask for the file's first 32 KiB ahead of its first part, so that its
   * first bytes land after one round trip (someone is watching: `get`, a
   * stream); costs one request and 32 KiB fetched twice, so off by default
   */
  headFirst?: boolean
  signal?: AbortSignal
}

interface Queued {
  handle: DownloadHandle
  item: MediaItem
  opts: DownloadOptions
  priority: number
}

/**
 * The download engine: one long-lived object that owns every account's
 * connection pools (one per account and DC, shared by all downloads) and
 * runs downloads, a few at a time, each to a file that is complete and
 * verified before it gets its name.
 */
export class DownloadEngine {
  private readonly pools = new Map<string, DcPool>()
  /** heads asked by {@link prefetchHead}, until their item's download starts */
  private readonly heads = new WeakMap<MediaItem, Promise<Uint8Array | undefined>>()
  private readonly gates = new Map<string, FloodGate>()
  private readonly pacers = new Map<string, RequestPacer>()
  private readonly queue: Queued[] = []
  private readonly running = new Set<DownloadHandle>()
  private readonly stops = new Map<DownloadHandle, AbortController>()
  private nextId = 1
  private closed = false

  constructor(private readonly opts: EngineOptions) {
    if (opts.accounts.length === 0) throw new TypeError('the engine needs at least one account')
  }

  /** Starts (or queues) a download of one media item; a download already under way to the same path is shared. */
  download(item: MediaItem, opts: DownloadOptions): DownloadHandle {
    if (this.closed) throw new Error('engine closed')
    if (isInWorkDir(opts.path))
      throw new TypeError(`${opts.path}: the ${WORK_DIR} folder is the engine's own`)
    const same = this.downloads().find((h) => h.path === opts.path)
    if (same) return same
    const handle = new DownloadHandle(this.nextId++, opts.path)
    const entry: Queued = { handle, item, opts, priority: opts.priority ?? 0 }
    const at = this.queue.findIndex((q) => q.priority < entry.priority)
    this.queue.splice(at < 0 ? this.queue.length : at, 0, entry)
    const signal = opts.signal
    if (signal) {
      // one signal may serve thousands of downloads (a chat): each lets go of it when it ends
      const onAbort = (): void => this.stop(handle, signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      handle.result.then(
        () => signal.removeEventListener('abort', onAbort),
        () => signal.removeEventListener('abort', onAbort),
      )
    }
    handle.on('state', (state) => {
      if (state === 'queued') this.pump()
    })
    queueMicrotask(() => this.pump())
    return handle
  }

  /** Every download still queued or running. */
  downloads(): DownloadHandle[] {
    return [...this.running, ...this.queue.map((q) => q.handle)]
  }

  /** Stops every download (their journals saved) and closes all connections. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const q of this.queue.splice(0)) q.handle.fail(new Error('engine closed'))
    const runs = [...this.running].map((h) => {
      this.stops.get(h)?.abort(new Error('engine closed'))
      return h.result.catch(() => {})
    })
    await Promise.all(runs)
    await Promise.all([...this.pools.values()].map((p) => p.close()))
    this.pools.clear()
  }

  private maxActive(): number {
    return this.opts.maxActiveDownloads ?? 4
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.maxActive()) {
      const i = this.queue.findIndex((q) => q.handle.state === 'queued')
      if (i < 0) return
      const [entry] = this.queue.splice(i, 1)
      if (entry) this.start(entry)
    }
  }

  private stop(handle: DownloadHandle, reason: unknown): void {
    const queued = this.queue.findIndex((q) => q.handle === handle)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      handle.fail(reason instanceof Error ? reason : new DownloadCancelledError(handle.path))
      return
    }
    this.stops.get(handle)?.abort(reason)
  }

  /**
   * Opens an account's download connections to `dcId` ahead of a download
   * there (default: the engine's first account): `get` warms the home DC
   * while its links resolve, so the first request goes out as soon as the
   * file is known. They wait idle until then, and close with the engine.
   */
  warm(dcId: number, account?: string): void {
    if (this.closed) return
    this.poolOf(
      this.accountsFor(account === undefined ? undefined : [account])[0] as EngineAccount,
      dcId,
    ).warm()
  }

  /**
   * Asks for `item`'s first bytes now, on the connections {@link warm} opened, so they are on their
   * way before its download has a name, a lock and a journal: `get` does so for the file a person
   * waits on. The download of the same `item` with `headFirst` writes them.
   */
  prefetchHead(
    item: MediaItem,
    opts: { partSize?: number; accounts?: string[]; signal?: AbortSignal } = {},
  ): void {
    const partSize = opts.partSize ?? defaultPartSize(item.size)
    // a file of one part is not asked twice
    const head = item.size > partSize ? headOf(partAt(0, item.size, partSize)) : undefined
    if (this.closed || !head) return
    const source = this.sourceFor(this.accountsFor(opts.accounts)[0] as EngineAccount, item, true)
    const fetcher = new PartFetcher({ verify: false, cdn: false, pool: (s) => this.poolFor(s) })
    this.heads.set(item, fetcher.fetchHead(source, head, opts.signal ?? new AbortController().signal))
  }

  /**
   * Checks a complete file on disk against Telegram's hashes of `item`, as
   * the first of `accounts` sees them: `get --verify` does so before it
   * skips a file as done.
   */
  checkFile(
    item: MediaItem,
    path: string,
    opts: { accounts?: string[]; signal?: AbortSignal } = {},
  ): Promise<StoredCheck> {
    const source = this.sourceFor(this.accountsFor(opts.accounts)[0] as EngineAccount, item, true)
    const fetcher = new PartFetcher({
      verify: true,
      cdn: false,
      pool: (s, cdnDcId) => this.poolFor(s, cdnDcId),
    })
    return checkStoredFile(item, path, fetcher, source, opts.signal ?? new AbortController().signal)
  }

  /**
   * What `path` holds for `item`: nothing, the file complete, a download of
   * it (or of another file) under way, or another file. With `verify`, a
   * complete file is checked as {@link checkFile} does: one that differs is
   * `differs`.
   */
  inspectTarget(
    item: MediaItem,
    path: string,
    opts: { verify?: boolean; accounts?: string[]; signal?: AbortSignal } = {},
  ): Promise<TargetVerdict> {
    return judgeTarget(item, path, opts.verify ? () => this.checkFile(item, path, opts) : undefined)
  }

  /** The live process (maybe this one) writing the download to `path`, if any. */
  targetHolder(path: string): Promise<LockHolder | undefined> {
    return lockHolderOf(path)
  }

  /** Resolves once no process writes the download to `path` any more. */
  waitForTarget(path: string, signal: AbortSignal): Promise<void> {
    return waitForTargetFree(path, signal)
  }

  private accountsFor(labels: string[] | undefined): EngineAccount[] {
    if (!labels?.length) return [this.opts.accounts[0] as EngineAccount]
    return labels.map((label) => {
      const account = this.opts.accounts.find((a) => a.label === label)
      if (!account) throw new Error(`no account "${label}" in this engine`)
      return account
    })
  }

  private start({ handle, item, opts }: Queued): void {
    const stop = new AbortController()
    this.stops.set(handle, stop)
    this.running.add(handle)
    let task: DownloadTask | undefined
    const sources = (): PartSource[] =>
      this.accountsFor(opts.accounts).map((account, i) => this.sourceFor(account, item, i === 0))
    const run = async (): Promise<void> => {
      const list = sources()
      await mkdir(dirname(opts.path), { recursive: true })
      task = new DownloadTask(
        handle.id,
        item,
        list,
        {
          path: opts.path,
          partSize: opts.partSize,
          connections: opts.connections,
          verify: opts.verify ?? this.opts.verify ?? false,
          sha256: opts.sha256 ?? this.opts.sha256 ?? false,
          cdn: this.opts.cdn ?? false,
          priority: opts.priority ?? 0,
          flushMs: this.opts.flushMs ?? 250,
          stallLimitMs: this.opts.stallLimitMs ?? 120_000,
          wait: opts.wait ?? true,
          headFirst: opts.headFirst ?? false,
          earlyHead: this.heads.get(item),
          wrapWrite: this.opts.wrapWrite,
        },
        {
          pool: (source, cdnDcId) => this.poolFor(source, cdnDcId),
          resetPool: (source, dcId) => this.resetPool(source, dcId),
          notice: (notice) => {
            handle.emit('notice', notice)
            this.opts.onNotice?.(notice, handle)
          },
        },
      )
      const t = task
      handle.attach({
        pause: () => t.pause(),
        resume: () => t.resume(),
        cancel: () => stop.abort(new DownloadCancelledError(opts.path)),
        progress: () => t.progress(handle.state),
        connections: () => list.flatMap((s) => this.poolFor(s, s.cdn?.dcId).stats()),
        read: (offset, length, signal) => t.read(offset, length, signal),
      })
      if (handle.state !== 'paused') handle.setState('running')
      else t.pause()
      const ticker = setInterval(() => handle.emit('progress', handle.progress()), 250)
      ticker.unref()
      try {
        handle.succeed(await t.run(stop.signal))
      } finally {
        clearInterval(ticker)
      }
    }
    run()
      .catch((e: unknown) => {
        const reason = stop.signal.aborted ? stop.signal.reason : e
        handle.fail(reason instanceof Error ? reason : new Error(String(reason)))
      })
      .finally(() => {
        this.running.delete(handle)
        this.stops.delete(handle)
        this.pump()
      })
  }

  private poolKey(account: EngineAccount, dcId: number, cdn: boolean): string {
    return `${account.label}\u0000${cdn ? 'cdn' : 'dc'}${dcId}`
  }

  /** The account's FLOOD_WAIT gate for one kind of request: Telegram counts floods per account. */
  private gateFor(account: EngineAccount, what: string): FloodGate {
    const key = `${account.label}\u0000${what}`
    let gate = this.gates.get(key)
    if (!gate) {
      const floods = this.opts.floods
      gate = new FloodGate(Date.now, floods && { floods, account: account.label, method: what })
      this.gates.set(key, gate)
    }
    return gate
  }

  /** The account's pace for one method, shared by its pools of that method (Telegram counts requests per account). */
  private pacerFor(account: EngineAccount, method: string): RequestPacer {
    const key = `${account.label}\u0000${method}`
    let pacer = this.pacers.get(key)
    if (!pacer) {
      pacer = new RequestPacer(method, account.pacing)
      this.pacers.set(key, pacer)
    }
    return pacer
  }

  /** `account`'s view of `item`; file reference renewals of all its downloads share one flood gate. */
  private sourceFor(account: EngineAccount, item: MediaItem, ownsReference: boolean): PartSource {
    return new PartSource(account, item, ownsReference, this.gateFor(account, 'reference renewal'))
  }

  private poolFor(source: PartSource, cdnDcId?: number): DcPool {
    return this.poolOf(source.account, cdnDcId ?? source.dcId, cdnDcId !== undefined)
  }

  private poolOf(account: EngineAccount, dcId: number, cdn = false): DcPool {
    const key = this.poolKey(account, dcId, cdn)
    let pool = this.pools.get(key)
    if (!pool) {
      const method = cdn ? 'upload.getCdnFile' : 'upload.getFile'
      pool = new DcPool({
        dcId,
        gate: this.gateFor(account, method),
        pacer: this.pacerFor(account, method),
        account: account.label,
        maxConnections: this.opts.maxConnectionsPerDc ?? (account.premium ? 18 : 12),
        // where the last run settled; else a premium account's limit is several times a free one's: start closer to it
        initialConnections: account.poolSizes?.recall(dcId) ?? (account.premium ? 12 : 8),
        onResize: (connections) => account.poolSizes?.remember(dcId, connections),
        connect: (signal) => (cdn ? account.connectCdn(dcId, signal) : account.connect(dcId, signal)),
      })
      this.pools.set(key, pool)
    }
    return pool
  }

  private resetPool(source: PartSource, dcId: number): void {
    const cdn = source.cdn?.dcId === dcId
    source.account.forgetAuthorization(dcId, cdn)
    const key = this.poolKey(source.account, dcId, cdn)
    const pool = this.pools.get(key)
    this.pools.delete(key)
    void pool?.close()
  }
}
