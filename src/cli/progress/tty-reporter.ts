import type { DownloadNotice, DownloadProgress, DownloadResult } from '../../download/events.js'
import { displayWidth } from './display-width.js'
import type { Palette } from './palette.js'
import type { DownloadReporter, DownloadSummary, OutputStream } from './reporter.js'
import { terminalSafe } from './safe-text.js'
import { TransferTally } from './transfer-tally.js'
import { doneLine, fileLine, messageLines, summaryLine, totalLine } from './tty-lines.js'

const FRAME_MS = 100
const CSI = '\u001b['

/**
 * The live display for a terminal: finished files, failures and notices as
 * permanent lines, and below them one bar per active file and a total line,
 * redrawn in place at most every 100 ms. Lines stay one column short of the
 * terminal's width so that no terminal wraps them.
 */
export class TtyReporter implements DownloadReporter {
  private readonly tally = new TransferTally()
  private pending: string[] = []
  private liveLines = 0
  private lastLive = ''
  private lastFrame = Number.NEGATIVE_INFINITY
  private timer: NodeJS.Timeout | undefined
  private finished = false

  constructor(
    private readonly stream: OutputStream,
    private readonly pal: Palette,
  ) {}

  fileStarted(id: number, name: string, size: number): void {
    this.tally.start(id, name, size)
    this.schedule()
  }

  progress(progress: DownloadProgress): void {
    this.tally.update(progress)
    this.schedule()
  }

  fileDone(id: number, result: DownloadResult): void {
    const name = this.tally.nameOf(id, result.path)
    this.tally.finished(id, result)
    this.permanent([doneLine(name, result, this.width(), this.pal)])
  }

  fileFailed(id: number, error: Error): void {
    const name = this.tally.nameOf(id)
    this.tally.dropped(id)
    this.permanent(messageLines('✘', name, terminalSafe(error.message), this.width(), this.pal.bad))
  }

  fileSkipped(id: number, name: string, reason: string, sha256?: string): void {
    const safe = this.tally.remember(id, name)
    this.tally.dropped(id)
    const text = `${terminalSafe(reason)}${sha256 ? `  sha256 ${sha256}` : ''}`
    this.permanent(messageLines('-', safe, text, this.width(), this.pal.dim))
  }

  notice(id: number, notice: DownloadNotice): void {
    const name = this.tally.nameOf(id)
    this.permanent(messageLines('!', name, terminalSafe(notice.message), this.width(), this.pal.warn))
  }

  finish(summary: DownloadSummary): void {
    this.finished = true
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending.push(summaryLine(summary, this.width(), this.pal))
    this.draw()
  }

  private width(): number {
    return Math.max(10, this.stream.columns || 80) - 1
  }

  private permanent(lines: string[]): void {
    this.pending.push(...lines)
    this.schedule()
  }

  private schedule(): void {
    if (this.finished || this.timer) return
    const wait = this.lastFrame + FRAME_MS - Date.now()
    if (wait <= 0) {
      this.draw()
      return
    }
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.draw()
    }, wait)
    this.timer.unref()
  }

  /** one write: back to the top of the live area, new permanent lines, the live area again */
  private draw(): void {
    const width = this.width()
    const live = this.finished ? [] : this.liveArea(width)
    const liveText = live.map((line) => `${line}${CSI}K\n`).join('')
    if (this.pending.length === 0 && liveText === this.lastLive) return
    let out = this.liveLines > 0 ? `\r${CSI}${this.liveLines}A` : ''
    for (const line of this.pending) out += `${line}${CSI}K\n`
    out += `${liveText}${CSI}J`
    this.stream.write(out)
    this.pending = []
    this.liveLines = live.length
    this.lastLive = liveText
    this.lastFrame = Date.now()
  }

  // bars for as many files as the screen has room for, then the total
  private liveArea(width: number): string[] {
    const totals = this.tally.totals()
    if (totals.active.length === 0 && totals.done === 0) return []
    const room = Math.max(1, (this.stream.rows || 24) - 3)
    const shown = totals.active.slice(0, room)
    const nameColumn = Math.max(0, ...shown.map((f) => displayWidth(f.name)))
    const lines = shown.map((f) => fileLine(f, nameColumn, width, this.pal))
    const hidden = totals.active.length - shown.length
    if (hidden > 0) lines.push(this.pal.dim(` … and ${hidden} more`))
    lines.push(totalLine(totals, width, this.pal))
    return lines
  }
}
