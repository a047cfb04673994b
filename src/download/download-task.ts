import { setMaxListeners } from 'node:events'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { deadline, WakeList } from '../async/index.js'
import type { MediaItem } from '../media/media-item.js'
import { ConnectionCap } from './connection-cap.js'
import { DiskFullError, isDiskFull } from './disk-full.js'
import type { DownloadProgress, DownloadResult, DownloadState } from './events.js'
import { describeWait, type FeederWait } from './feeder-wait.js'
import { HashMismatchError } from './hash-book.js'
import { classifyFailure, DownloadError } from './part-failure.js'
import { PartFetcher, PartRequestFailed } from './part-fetcher.js'
import { checkPartSize, defaultPartSize, type Part } from './part-plan.js'
import { PartQueue } from './part-queue.js'
import { PartRecovery } from './part-recovery.js'
import type { PartSource } from './part-source.js'
import { PartStore } from './part-store.js'
import type { Lease } from './pooled-connection.js'
import { SpeedMeter } from './speed-meter.js'
import { StallWatch } from './stall-watch.js'
import { describeHolder, type TargetLock, takeTargetLock } from './target-lock.js'
import type { TaskHooks } from './task-hooks.js'
import type { TaskOptions } from './task-options.js'
import { dropWorkDirIfEmpty } from './work-files.js'

/** parts received but not yet written before a download stops asking for more (the disk lags) */
const MAX_UNWRITTEN_PARTS = 4

/** One request for one part; the watchdog may give up on it. */
interface Attempt {
  index: number
  controller: AbortController
}
/** a part's deadline: its request's timeout plus room for a reference renewal or a hash fetch */
const PART_DEADLINE_EXTRA_MS = 15_000

/**
 * One file from first request to final name: parts handed to every source's
 * pool, checked, written where they belong, made durable and journaled in
 * batches; failures go to its {@link PartRecovery}.
 */
export class DownloadTask {
  private store!: PartStore
  private queue!: PartQueue
  private readonly partSize: number
  private inFlight = 0
  private readonly attempts = new Set<Attempt>()
  private bytesFetched = 0
  private refetchedBytes = 0
  private readonly meter = new SpeedMeter()
  private readonly stall: StallWatch
  private paused = false
  private readonly resumed = new WakeList()
  /** a part request ended */
  private readonly partEnded = new WakeList()
  /** parts received and not yet on disk, each holding its frame in memory */
  private unwritten = 0
  /** what each source's feeder waits for, for a stalled download's error */
  private readonly feederWaits = new Map<PartSource, FeederWait>()
  private fatal: Error | undefined
  private readonly abort = new AbortController()
  private readonly fetcher: PartFetcher
  private readonly recovery: PartRecovery
  private readonly cap: ConnectionCap | undefined

  constructor(
    readonly id: number,
    readonly item: MediaItem,
    private readonly sources: PartSource[],
    private readonly opts: TaskOptions,
    private readonly hooks: TaskHooks,
  ) {
    this.partSize = checkPartSize(opts.partSize ?? defaultPartSize(item.size))
    // every request slot waits on this one signal
    setMaxListeners(0, this.abort.signal)
    this.stall = new StallWatch(opts.stallLimitMs)
    this.cap = opts.connections === undefined ? undefined : new ConnectionCap(Math.max(1, opts.connections))
    this.fetcher = new PartFetcher({ verify: opts.verify, cdn: opts.cdn, pool: hooks.pool, cap: this.cap })
    this.recovery = new PartRecovery({
      putBack: (index) => this.queue.putBack(index),
      fail: (error) => this.fail(error),
      signal: this.abort.signal,
      fetcher: this.fetcher,
      hooks,
    })
  }

  get path(): string {
    return this.opts.path
  }

  /**
   * Bytes [offset, offset + length) of the file as soon as they are on disk:
   * a part not there yet is fetched next (the queue moves to it), so a
   * player's seek is served ahead of the rest of the download.
   */
  async read(offset: number, length: number, signal: AbortSignal): Promise<Uint8Array> {
    if (!this.store) await this.opened
    return this.store.read(offset, length, signal, (index) => this.queue.prefer(index))
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    this.resumed.wake()
  }

  progress(state: DownloadState): DownloadProgress {
    const resumed = this.store?.resumedBytes ?? 0
    const bytes = this.store ? resumed + this.bytesFetched : 0
    const speed = this.meter.speed()
    const left = this.item.size - bytes
    return {
      id: this.id,
      path: this.opts.path,
      size: this.item.size,
      bytes: Math.min(bytes, this.item.size),
      resumedBytes: resumed,
      speed,
      etaSeconds: speed > 0 ? left / speed : undefined,
      state,
      connections: [],
    }
  }

  async run(signal: AbortSignal): Promise<DownloadResult> {
    const startedAt = Date.now()
    const onAbort = (): void => this.abort.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    let lock: TargetLock | undefined
    try {
      lock = await takeTargetLock(this.opts.path, {
        wait: this.opts.wait,
        signal: this.abort.signal,
        onWait: (holder) =>
          this.hooks.notice({
            kind: 'waiting',
            message: `${this.opts.path} is being downloaded by ${describeHolder(holder)}: waiting for it`,
          }),
      })
      await this.open()
      if (!this.store.complete) await this.fetchAll()
      return await this.finish(startedAt)
    } catch (e) {
      await this.store?.abandon()
      const error = this.fatal ?? e
      // what was written is journaled: the error says how much, so the user knows a rerun resumes
      if (isDiskFull(error))
        throw new DiskFullError(dirname(this.opts.path), this.store?.keptBytes ?? 0, { cause: error })
      throw error
    } finally {
      signal.removeEventListener('abort', onAbort)
      if (lock) {
        await lock.release()
        await dropWorkDirIfEmpty(this.opts.path)
      }
    }
  }

  private openedResolve!: () => void
  private readonly opened = new Promise<void>((r) => {
    this.openedResolve = r
  })

  private async open(): Promise<void> {
    this.store = await PartStore.open(
      this.item,
      this.opts.path,
      this.partSize,
      this.opts.sha256,
      this.opts.wrapWrite,
    )
    this.queue = new PartQueue(this.store.parts, (i) => this.store.has(i))
    // a head already asked is written when it comes, unless part 0 is on disk (after part 0: the same bytes)
    if (this.opts.headFirst && this.store.parts > 1)
      void this.opts.earlyHead?.then((head) => head && !this.store.has(0) && this.store.writeHead(head))
    this.openedResolve()
    const resumed = this.store.resumedBytes
    if (resumed > 0 && !this.store.complete)
      this.hooks.notice({
        kind: 'resume',
        message: `resuming at ${mebibytes(resumed)} MiB of ${mebibytes(this.item.size)} MiB`,
        bytes: resumed,
      })
  }

  private async fetchAll(): Promise<void> {
    const stopSaving = this.store.saveEvery(this.opts.flushMs, (e) => this.fail(e))
    const watchdog = setInterval(() => this.watch(), 1000)
    watchdog.unref()
    try {
      await Promise.race([
        Promise.all(this.sources.map((s) => this.feed(s))),
        new Promise<void>((_, reject) => {
          this.abort.signal.addEventListener('abort', () => reject(this.fatal ?? this.abort.signal.reason), {
            once: true,
          })
        }),
      ])
      await this.waitForWrites()
    } finally {
      clearInterval(watchdog)
      await stopSaving()
    }
    if (this.fatal) throw this.fatal
    if (!this.store.allWritten) {
      await this.store.save()
      throw new DownloadError(`${this.store.done} of ${this.store.parts} parts done`)
    }
    // every part is written: finish() syncs and renames next, so journaling the last ones is skipped (a
    // small file is never journaled at all); a crash in between costs the parts written since the last save
  }

  /** Keeps one source's pool busy while parts are left. */
  private async feed(source: PartSource): Promise<void> {
    const signal = this.abort.signal
    const waitingFor = (what: FeederWait): void => {
      this.feederWaits.set(source, what)
    }
    while (!signal.aborted) {
      if (this.paused) {
        waitingFor('paused')
        await this.resumed.wait()
      }
      // each part received and not yet on disk holds up to 1 MiB: when the disk lags, ask for no more
      if (this.unwritten >= MAX_UNWRITTEN_PARTS) {
        waitingFor('disk')
        await this.partEnded.wait()
        continue
      }
      if (this.queue.empty) {
        if (this.inFlight === 0) {
          waitingFor('done')
          return
        }
        waitingFor('parts in flight')
        await Promise.race([this.queue.changed(), this.partEnded.wait()])
        continue
      }
      let lease: Lease
      try {
        waitingFor('connection')
        lease = await this.hooks
          .pool(source, this.fetcher.cdnDcOf(source))
          .acquire(signal, { priority: this.opts.priority, partSize: this.store.partSize, cap: this.cap })
      } catch (e) {
        if (signal.aborted) return
        // no connection could be made: wait a little and try again, the watchdog decides when to give up
        this.hooks.notice({
          kind: 'reconnect',
          message: `cannot connect: ${(e as Error).message}`,
          dcId: source.dcId,
        })
        waitingFor('reconnect')
        await sleep(1000, undefined, { signal }).catch(() => {})
        continue
      }
      const index = this.queue.take()
      if (index === undefined) {
        lease.failed('soft')
        continue
      }
      const attempt = { index, controller: new AbortController() }
      this.attempts.add(attempt)
      this.inFlight++
      void this.fetchPart(source, this.store.partOf(index), lease, attempt).finally(() =>
        this.endAttempt(attempt),
      )
    }
  }

  /** A part attempt is over (or the watchdog gave up on it): it no longer counts as in flight. */
  private endAttempt(attempt: Attempt): void {
    if (!this.attempts.delete(attempt)) return
    this.inFlight--
    this.partEnded.wake()
  }

  private async fetchPart(source: PartSource, part: Part, lease: Lease, attempt: Attempt): Promise<void> {
    const signal = this.abort.signal
    // everything one part may wait for (its request, a shared reference renewal, its hashes) has a deadline
    const limit = deadline(lease.timeoutMs + PART_DEADLINE_EXTRA_MS, attempt.controller.signal)
    const onAbort = (): void => attempt.controller.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      // a file of several parts shows its first bytes early (a stream, the progress); a one-part file is not asked twice
      const onHead =
        this.opts.headFirst && !this.opts.earlyHead && part.index === 0 && this.store.parts > 1
          ? (head: Uint8Array) => this.store.writeHead(head)
          : undefined
      const bytes = await this.fetcher.fetch(source, part, lease, limit.signal, onHead)
      // the watchdog already put this part back: another attempt has it
      if (!this.attempts.has(attempt)) return
      this.stall.heard()
      this.recovery.keyWorks(source, lease.pool)
      this.meter.add(bytes.length)
      this.bytesFetched += bytes.length
      this.unwritten++
      try {
        await this.store.write(part, bytes)
      } catch (e) {
        // no room on the disk: every other part would fail the same way
        if (!isDiskFull(e)) throw e
        this.fail(e as Error)
        return
      } finally {
        this.unwritten--
      }
    } catch (failed) {
      if (!this.attempts.has(attempt)) return
      const e = failed instanceof PartRequestFailed ? failed.cause : failed
      const pool = failed instanceof PartRequestFailed ? failed.pool : undefined
      const generation = failed instanceof PartRequestFailed ? failed.generation : undefined
      if (e instanceof HashMismatchError) {
        this.refetchedBytes += part.length
        this.hooks.notice({ kind: 'hash-mismatch', message: e.message, dcId: source.dcId })
        this.recovery.retry(part, e)
        return
      }
      await this.recovery.recover(source, part, classifyFailure(e, signal), pool, generation)
    } finally {
      limit.dispose()
      signal.removeEventListener('abort', onAbort)
    }
  }

  private fail(error: Error): void {
    if (this.fatal) return
    this.fatal = error
    this.abort.abort(error)
  }

  /** Every second: a silence without a reason ends in asking again, then in giving up (StallWatch). */
  private watch(): void {
    const explained =
      this.paused ||
      this.sources.some((s) => this.hooks.pool(s, this.fetcher.cdnDcOf(s)).gate.remainingMs > 0)
    if (explained) this.stall.heard()
    switch (this.stall.check(this.attempts.size)) {
      case 'give up': {
        const waits = [...this.feederWaits.entries()].map(
          ([s, what]) =>
            `${s.account.label} waits for ${describeWait(what, {
              unwritten: this.unwritten,
              inFlight: this.inFlight,
              pool: () => this.hooks.pool(s, this.fetcher.cdnDcOf(s)).describe(),
            })}`,
        )
        this.fail(
          new DownloadError(
            `no data for ${Math.round(this.stall.limitMs / 1000)} s: giving up (${this.attempts.size} parts in flight; ${waits.join('; ')})`,
          ),
        )
        return
      }
      case 'ask again': {
        const stuck = [...this.attempts]
        for (const attempt of stuck) {
          // back in the queue before it stops counting, so no feeder sees "nothing left" in between
          this.queue.putBack(attempt.index)
          attempt.controller.abort(new DOMException('stalled', 'TimeoutError'))
          this.endAttempt(attempt)
        }
        this.hooks.notice({
          kind: 'reconnect',
          message: `nothing for ${Math.round(this.stall.silentMs / 1000)} s: asking again for ${stuck.length} parts`,
        })
      }
    }
  }

  private async waitForWrites(): Promise<void> {
    while (this.inFlight > 0) await this.partEnded.wait()
  }

  private async finish(startedAt: number): Promise<DownloadResult> {
    const { size, sha256 } = await this.store.finish().catch((e: Error) => {
      throw new DownloadError(e.message)
    })
    const finishedAt = Date.now()
    const seconds = Math.max(0.001, (finishedAt - startedAt) / 1000)
    return {
      path: this.opts.path,
      size,
      sha256,
      resumedBytes: this.store.resumedBytes,
      refetchedBytes: this.refetchedBytes,
      startedAt,
      finishedAt,
      averageSpeed: this.bytesFetched / seconds,
      cdnDcId: [...this.fetcher.cdnDcsUsed][0],
    }
  }
}

/** `4.2`: bytes in MiB with one decimal, for notices (the CLI formats its own lines) */
const mebibytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
