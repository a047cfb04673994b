import { EventEmitter } from 'node:events'
import { TgfetchError } from '../errors/index.js'
import type {
  ConnectionStats,
  DownloadEvents,
  DownloadProgress,
  DownloadResult,
  DownloadState,
} from './events.js'
import { readFinished } from './target-file.js'

/** The user stopped a download with `cancel()`. */
export class DownloadCancelledError extends TgfetchError {
  readonly category = 'download'
  constructor(path: string) {
    super(`download of ${path} cancelled`)
  }
}

export interface HandleControls {
  pause(): void
  resume(): void
  cancel(): void
  progress(): DownloadProgress
  connections(): ConnectionStats[]
  read(offset: number, length: number, signal: AbortSignal): Promise<Uint8Array>
}

/** How much one step of {@link DownloadHandle.read} yields at most. */
const READ_STEP = 256 * 1024

/**
 * One download as its caller sees it: a promise of the result, events
 * (`state`, `progress`, `notice`, then `done` or `error`), and controls.
 */
export class DownloadHandle extends EventEmitter<DownloadEvents> {
  readonly result: Promise<DownloadResult>
  private current: DownloadState = 'queued'
  private controls: HandleControls | undefined
  private settle!: { resolve(r: DownloadResult): void; reject(e: Error): void }

  constructor(
    readonly id: number,
    readonly path: string,
  ) {
    super()
    this.result = new Promise<DownloadResult>((resolve, reject) => {
      this.settle = { resolve, reject }
    })
    // a caller that only listens to events must not see an unhandled rejection
    this.result.catch(() => {})
  }

  get state(): DownloadState {
    return this.current
  }

  /** Bytes, speed, ETA and connections right now. */
  progress(): DownloadProgress {
    const p = this.controls?.progress()
    if (!p)
      return {
        id: this.id,
        path: this.path,
        size: 0,
        bytes: 0,
        resumedBytes: 0,
        speed: 0,
        state: this.current,
        connections: [],
      }
    return { ...p, state: this.current, connections: this.controls?.connections() ?? [] }
  }

  /** No new requests until {@link resume}; requests in flight finish and are kept. */
  pause(): void {
    if (this.current !== 'running' && this.current !== 'queued') return
    this.controls?.pause()
    this.setState('paused')
  }

  resume(): void {
    if (this.current !== 'paused') return
    this.controls?.resume()
    this.setState(this.controls ? 'running' : 'queued')
  }

  /**
   * Bytes [start, endInclusive] of the file, in order, while it downloads:
   * what is on disk comes at once, what is missing is fetched first (ahead
   * of the rest of the download). Also works once the download is done.
   */
  async *read(start: number, endInclusive: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    for (let at = start; at <= endInclusive; ) {
      if (signal.aborted) throw signal.reason
      const want = Math.min(READ_STEP, endInclusive - at + 1)
      let chunk: Uint8Array
      if (this.current === 'done') chunk = await readFinished(this.path, at, want)
      else if (this.controls) chunk = await this.controls.read(at, want, signal)
      else {
        await new Promise<void>((resolve) => this.once('state', () => resolve()))
        continue
      }
      if (chunk.length === 0) throw new Error(`${this.path}: no bytes at ${at}`)
      yield chunk
      at += chunk.length
    }
  }

  /** Stops the download; what is on disk stays, with its journal, for a later run to resume. */
  cancel(): void {
    this.controls?.cancel()
  }

  /** @internal the engine attaches the running task */
  attach(controls: HandleControls): void {
    this.controls = controls
  }

  /** @internal */
  setState(state: DownloadState): void {
    if (this.current === state) return
    this.current = state
    this.emit('state', state)
  }

  /** @internal */
  succeed(result: DownloadResult): void {
    this.setState('done')
    this.emit('progress', this.progress())
    this.emit('done', result)
    this.settle.resolve(result)
  }

  /** @internal */
  fail(error: Error): void {
    this.setState(error instanceof DownloadCancelledError ? 'cancelled' : 'failed')
    if (this.listenerCount('error') > 0) this.emit('error', error)
    this.settle.reject(error)
  }
}
