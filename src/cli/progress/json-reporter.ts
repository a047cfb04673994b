import type {
  DownloadNotice,
  DownloadProgress,
  DownloadResult,
  DownloadState,
} from '../../download/events.js'
import { type JsonFields, writeJsonEvent } from './json-lines.js'
import type { DownloadReporter, DownloadSummary, OutputStream } from './reporter.js'
import { terminalSafe } from './safe-text.js'

const PROGRESS_MS = 500

type JsonEvent = 'start' | 'progress' | 'done' | 'failed' | 'skipped' | 'notice' | 'summary'

/** --json: one object per line, as docs/cli-json-events.md describes; progress at most twice a second per file. */
export class JsonReporter implements DownloadReporter {
  private readonly names = new Map<number, string>()
  private readonly lastProgress = new Map<number, { at: number; state: DownloadState }>()

  constructor(private readonly stream: OutputStream) {}

  fileStarted(id: number, name: string, size: number): void {
    this.emit('start', { id, name: this.remember(id, name), size })
  }

  progress(p: DownloadProgress): void {
    const now = Date.now()
    const last = this.lastProgress.get(p.id)
    if (last && last.state === p.state && now - last.at < PROGRESS_MS) return
    this.lastProgress.set(p.id, { at: now, state: p.state })
    this.emit('progress', {
      id: p.id,
      bytes: p.bytes,
      size: p.size,
      speed: Math.round(p.speed),
      eta: p.etaSeconds === undefined ? null : Math.round(p.etaSeconds),
      state: p.state,
      connections: p.connections.length,
    })
  }

  fileDone(id: number, r: DownloadResult): void {
    this.lastProgress.delete(id)
    this.emit('done', {
      id,
      name: this.nameOf(id),
      path: r.path,
      size: r.size,
      sha256: r.sha256,
      resumedBytes: r.resumedBytes,
      refetchedBytes: r.refetchedBytes,
      seconds: (r.finishedAt - r.startedAt) / 1000,
      speed: Math.round(r.averageSpeed),
      cdn: r.cdnDcId !== undefined,
      cdnDcId: r.cdnDcId,
    })
  }

  fileFailed(id: number, error: Error): void {
    this.lastProgress.delete(id)
    this.emit('failed', { id, name: this.nameOf(id), error: terminalSafe(error.message) })
  }

  fileSkipped(id: number, name: string, reason: string, sha256?: string): void {
    this.emit('skipped', { id, name: this.remember(id, name), reason: terminalSafe(reason), sha256 })
  }

  notice(id: number, n: DownloadNotice): void {
    this.emit('notice', {
      id,
      name: this.nameOf(id),
      kind: n.kind,
      message: terminalSafe(n.message),
      dcId: n.dcId,
      seconds: n.seconds,
      bytes: n.bytes,
    })
  }

  finish(s: DownloadSummary): void {
    this.emit('summary', {
      done: s.done,
      failed: s.failed,
      skipped: s.skipped,
      bytes: s.bytes,
      seconds: s.seconds,
    })
  }

  private remember(id: number, name: string): string {
    const safe = terminalSafe(name)
    this.names.set(id, safe)
    return safe
  }

  private nameOf(id: number): string | null {
    return this.names.get(id) ?? null
  }

  private emit(event: JsonEvent, fields: JsonFields): void {
    writeJsonEvent(this.stream, event, fields)
  }
}
