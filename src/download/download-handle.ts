import { EventEmitter } from 'node:events'
import type {
  ConnectionStats,
  DownloadEvents,
  DownloadProgress,
  DownloadResult,
  DownloadState,
} from './events.js'

/** The user stopped a download with `cancel()`. */
export class DownloadCancelledError extends Error {
  override name = 'DownloadCancelledError'
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
}

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
