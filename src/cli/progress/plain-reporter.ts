import type { DownloadNotice, DownloadProgress, DownloadResult } from '../../download/events.js'
import type { DownloadReporter, DownloadSummary, OutputStream } from './reporter.js'
import { terminalSafe } from './safe-text.js'
import { TransferTally } from './transfer-tally.js'
import { formatBytes, formatDuration, formatSpeed } from './units.js'

const PERIOD_MS = 5000

/** For logs and pipes: a line per file event and a total progress line every 5 s, no escape codes. */
export class PlainReporter implements DownloadReporter {
  private readonly tally = new TransferTally()
  private lastProgressLine = Date.now()

  constructor(private readonly stream: OutputStream) {}

  fileStarted(id: number, name: string, size: number): void {
    const file = this.tally.start(id, name, size)
    this.line(`start    ${file.name}  ${formatBytes(size)}`)
  }

  progress(progress: DownloadProgress): void {
    this.tally.update(progress)
    const now = Date.now()
    if (now - this.lastProgressLine < PERIOD_MS) return
    this.lastProgressLine = now
    const t = this.tally.totals()
    const percent = t.size > 0 ? Math.floor((t.bytes / t.size) * 100) : 0
    this.line(
      `progress ${formatBytes(t.bytes)}/${formatBytes(t.size)} (${percent}%)  ${formatSpeed(t.speed)}  ETA ${formatDuration(t.etaSeconds)}  ${t.active.length} active`,
    )
  }

  fileDone(id: number, result: DownloadResult): void {
    const name = this.tally.nameOf(id, result.path)
    this.tally.finished(id, result)
    const seconds = (result.finishedAt - result.startedAt) / 1000
    this.line(
      `done     ${name}  ${formatBytes(result.size)} in ${formatDuration(seconds)}  ${formatSpeed(result.averageSpeed)}${viaCdn(result)}${result.sha256 ? `  sha256 ${result.sha256}` : ''}`,
    )
  }

  fileFailed(id: number, error: Error): void {
    const name = this.tally.nameOf(id)
    this.tally.dropped(id)
    this.line(`failed   ${name}: ${terminalSafe(error.message)}`)
  }

  fileSkipped(id: number, name: string, reason: string, sha256?: string): void {
    const safe = this.tally.remember(id, name)
    this.tally.dropped(id)
    this.line(`skipped  ${safe}: ${terminalSafe(reason)}${sha256 ? `  sha256 ${sha256}` : ''}`)
  }

  notice(id: number, notice: DownloadNotice): void {
    this.line(`notice   ${this.tally.nameOf(id)}: ${terminalSafe(notice.message)}`)
  }

  finish(s: DownloadSummary): void {
    const speed = formatSpeed(s.seconds > 0 ? s.bytes / s.seconds : 0)
    this.line(
      `finished ${s.done} done, ${s.failed} failed, ${s.skipped} skipped, ${formatBytes(s.bytes)} in ${formatDuration(s.seconds)}, ${speed}`,
    )
  }

  private line(text: string): void {
    this.stream.write(`${text}\n`)
  }
}

/** `  via CDN DC 201` for a file Telegram sent through a CDN DC, else nothing */
const viaCdn = (result: DownloadResult): string =>
  result.cdnDcId === undefined ? '' : `  via CDN DC ${result.cdnDcId}`
