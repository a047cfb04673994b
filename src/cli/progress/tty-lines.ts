import type { DownloadResult } from '../../download/events.js'
import { displayWidth, truncateMiddle, wrapToWidth } from './display-width.js'
import { identity, type Paint, type Palette } from './palette.js'
import type { DownloadSummary } from './reporter.js'
import type { ActiveFile, TransferTotals } from './transfer-tally.js'
import { formatBytes, formatDuration, formatSpeed } from './units.js'

/** One piece of a line; when the line is too wide, the highest `drop` goes first. */
interface Cell {
  text: string
  paint: Paint
  drop: number
}

const GAP = '  '
const MIN_NAME = 10
const MIN_BAR = 8

function cellsWidth(cells: readonly Cell[]): number {
  return cells.reduce((w, c) => w + GAP.length + displayWidth(c.text), 0)
}

function joinCells(cells: readonly Cell[]): string {
  return cells.map((c) => GAP + c.paint(c.text)).join('')
}

/** `cells` without the ones dropped first, until they take at most `room` columns (or none are left). */
function keepFitting(cells: readonly Cell[], room: number): Cell[] {
  let kept = [...cells]
  while (kept.length > 0 && cellsWidth(kept) > room) {
    const worst = Math.max(...kept.map((c) => c.drop))
    kept = kept.filter((c) => c.drop !== worst)
  }
  return kept
}

function bar(fraction: number, width: number, pal: Palette): string {
  if (pal.colors) {
    const filled = Math.round(fraction * width)
    return pal.ok('━'.repeat(filled)) + pal.dim('━'.repeat(width - filled))
  }
  const filled = Math.round(fraction * (width - 2))
  return `[${'#'.repeat(filled)}${'-'.repeat(width - 2 - filled)}]`
}

/**
 * ` name  ━━━━━━━━━━  45%  230 MiB/512 MiB  12.3 MB/s   0:23` within `width`
 * columns; `nameColumn` is the widest name among the bars, so bars line up.
 */
export function fileLine(file: ActiveFile, nameColumn: number, width: number, pal: Palette): string {
  const fraction = file.size > 0 ? Math.min(1, file.bytes / file.size) : 0
  const running = file.state === 'running'
  const cells: Cell[] = [
    { text: `${Math.floor(fraction * 100)}%`.padStart(4), paint: pal.bold, drop: 0 },
    { text: `${formatBytes(file.bytes)}/${formatBytes(file.size)}`.padStart(17), paint: identity, drop: 2 },
    { text: (running ? formatSpeed(file.speed) : file.state).padStart(9), paint: pal.accent, drop: 1 },
    { text: formatDuration(running ? file.etaSeconds : undefined).padStart(5), paint: pal.dim, drop: 3 },
  ]
  const fitNameAndBar = (kept: readonly Cell[]): { name: number; bar: number } => {
    const room = width - 1 - cellsWidth(kept)
    // the name matters more than a long bar: it takes all but about a third of the room
    const name = Math.min(
      nameColumn,
      Math.max(MIN_NAME, room - GAP.length - Math.max(MIN_BAR, Math.floor(room / 3))),
      room,
    )
    return { name, bar: room - name - GAP.length }
  }
  let kept = cells
  while (kept.length > 0 && fitNameAndBar(kept).bar < MIN_BAR) kept = keepFitting(kept, cellsWidth(kept) - 1)
  const fit = fitNameAndBar(kept)
  if (fit.bar < MIN_BAR) return ` ${truncateMiddle(file.name, width - 1)}`
  const name = truncateMiddle(file.name, fit.name)
  const padded = name + ' '.repeat(fit.name - displayWidth(name))
  return ` ${padded}${GAP}${bar(fraction, fit.bar, pal)}${joinCells(kept)}`
}

/** ` total  1/3 files  1.20 GiB/2.00 GiB  48.1 MB/s  ETA 0:17  8 connections` */
export function totalLine(totals: TransferTotals, width: number, pal: Palette): string {
  const files = totals.done + totals.active.length
  const cells: Cell[] = [
    { text: `${totals.done}/${files} files`, paint: identity, drop: 3 },
    { text: `${formatBytes(totals.bytes)}/${formatBytes(totals.size)}`, paint: identity, drop: 1 },
    { text: formatSpeed(totals.speed), paint: pal.accent, drop: 0 },
    { text: `ETA ${formatDuration(totals.etaSeconds)}`, paint: identity, drop: 2 },
    { text: `${totals.connections} conn${totals.connections === 1 ? '' : 's'}`, paint: pal.dim, drop: 4 },
  ]
  return ` ${pal.bold('total')}${joinCells(keepFitting(cells, width - 6))}`
}

/** `✔ name  512 MiB  0:11  48.2 MB/s`, the line a finished file leaves behind */
export function doneLine(name: string, result: DownloadResult, width: number, pal: Palette): string {
  const seconds = (result.finishedAt - result.startedAt) / 1000
  const cells: Cell[] = [
    { text: formatBytes(result.size), paint: identity, drop: 0 },
    { text: formatDuration(seconds), paint: pal.dim, drop: 2 },
    { text: formatSpeed(result.averageSpeed), paint: pal.accent, drop: 1 },
  ]
  if (result.resumedBytes > 0)
    cells.push({ text: `resumed ${formatBytes(result.resumedBytes)}`, paint: pal.dim, drop: 3 })
  if (result.cdnDcId !== undefined)
    cells.push({ text: `via CDN DC ${result.cdnDcId}`, paint: pal.dim, drop: 4 })
  const nameRoom = Math.min(displayWidth(name), Math.max(MIN_NAME, Math.floor(width / 2)))
  const kept = keepFitting(cells, Math.max(0, width - 2 - nameRoom))
  const shown = truncateMiddle(name, Math.max(0, width - 2 - cellsWidth(kept)))
  return `${pal.ok('✔')} ${shown}${joinCells(kept)}`
}

/** `✘ name: message`, wrapped to `width`; for failures, skips and notices whose text should not be cut */
export function messageLines(
  mark: string,
  name: string,
  message: string,
  width: number,
  paint: Paint,
): string[] {
  const shortName = truncateMiddle(name, Math.max(MIN_NAME, Math.floor(width / 2)))
  return wrapToWidth(`${shortName}: ${message}`, Math.max(1, width - 2)).map(
    (line, i) => `${i === 0 ? paint(mark) : ' '} ${line}`,
  )
}

/** `✔ 3 done  1 failed  2 skipped  1.50 GiB in 0:31  48.2 MB/s`, skipped only when some were */
export function summaryLine(summary: DownloadSummary, width: number, pal: Palette): string {
  const ok = summary.failed === 0
  const cells: Cell[] = [
    { text: `${summary.done} done`, paint: pal.ok, drop: 0 },
    { text: `${summary.failed} failed`, paint: ok ? identity : pal.bad, drop: 0 },
    { text: `${formatBytes(summary.bytes)} in ${formatDuration(summary.seconds)}`, paint: identity, drop: 1 },
    {
      text: formatSpeed(summary.seconds > 0 ? summary.bytes / summary.seconds : 0),
      paint: pal.accent,
      drop: 2,
    },
  ]
  if (summary.skipped > 0)
    cells.splice(2, 0, { text: `${summary.skipped} skipped`, paint: identity, drop: 0 })
  return `${ok ? pal.ok('✔') : pal.bad('✘')}${joinCells(keepFitting(cells, width - 1)).slice(1)}`
}
