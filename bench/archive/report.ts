import { median } from '../median.js'
import type { ArchiveRun } from './archive-run.js'
import type { PeerListRun } from './mtcute-run.js'
import type { Backend } from './queues.js'

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const mbps = (bytes: number, seconds: number): number => bytes / 1e6 / seconds

function table(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** The median figures of one case (processes × queue) over its runs. */
function scaleRow(runs: ArchiveRun[], accountBytesPerSecond: number) {
  const processes = runs[0]!.processes
  const speed = median(runs.map((r) => mbps(r.bytes, r.seconds)))
  return {
    processes,
    speed,
    cells: [
      String(processes),
      runs[0]!.backend,
      fixed(speed),
      `${fixed((speed * 1e6 * 100) / (processes * accountBytesPerSecond), 0)} %`,
      fixed(median(runs.map((r) => mbps(r.bytes, r.wholeSeconds)))),
      fixed(median(runs.map((r) => r.cpuSeconds / (r.bytes / 1e9))), 2),
      fixed(median(runs.map((r) => r.peakRssMiB)), 0),
    ],
  }
}

/** Aggregate MB/s per number of processes and queue, then Redis's share of SQLite's throughput. */
export function formatScale(
  runs: ArchiveRun[],
  opts: { accountBytesPerSecond: number; head: string },
): string {
  const cases = new Map<string, ArchiveRun[]>()
  for (const r of runs) {
    const key = `${r.processes}/${r.backend}`
    cases.set(key, [...(cases.get(key) ?? []), r])
  }
  const rows = [...cases.values()].map((c) => scaleRow(c, opts.accountBytesPerSecond))
  const columns = ['processes', 'queue', 'MB/s', '% of limits', 'whole MB/s', 'CPU-s/GB', 'peak RSS MiB']
  const out = [
    opts.head,
    table(
      columns,
      rows.map((r) => r.cells),
    ),
  ]
  const speedOf = (processes: number, backend: Backend) =>
    rows.find((r) => r.processes === processes && r.cells[1] === backend)?.speed
  const shares = [...new Set(rows.map((r) => r.processes))].flatMap((p) => {
    const sqlite = speedOf(p, 'sqlite')
    const redis = speedOf(p, 'redis')
    return sqlite && redis ? [`${p} × ${fixed((redis / sqlite) * 100, 0)} %`] : []
  })
  if (shares.length) out.push(`Redis's MB/s as a share of SQLite's (processes × share): ${shares.join(', ')}`)
  return `${out.join('\n')}\n`
}

type ListRun = Pick<PeerListRun, 'files' | 'bytes' | 'seconds' | 'wholeSeconds' | 'cpuSeconds' | 'peakRssMiB'>

/** Files per second of tgfetch's one worker against mtcute in one process, then the ratio. */
export function formatSmallFiles(tgfetch: ListRun[], mtcute: ListRun[], head: string): string {
  const row = (name: string, runs: ListRun[]) => {
    const rate = median(runs.map((r) => r.files / r.seconds))
    return {
      rate,
      whole: median(runs.map((r) => r.files / r.wholeSeconds)),
      cells: [
        name,
        fixed(rate),
        fixed(median(runs.map((r) => mbps(r.bytes, r.seconds)))),
        fixed(median(runs.map((r) => r.files / r.wholeSeconds))),
        fixed(median(runs.map((r) => r.cpuSeconds)), 1),
        fixed(median(runs.map((r) => r.peakRssMiB)), 0),
      ],
    }
  }
  const rows = [
    ...(tgfetch.length ? [row('tgfetch archive run', tgfetch)] : []),
    ...(mtcute.length ? [row('mtcute', mtcute)] : []),
  ]
  const columns = ['client', 'files/s', 'MB/s', 'whole files/s', 'CPU-s', 'peak RSS MiB']
  const out = [
    head,
    table(
      columns,
      rows.map((r) => r.cells),
    ),
  ]
  if (rows.length === 2)
    out.push(
      `tgfetch / mtcute files/s: ${fixed(rows[0]!.rate / rows[1]!.rate, 2)}× (whole process ${fixed(rows[0]!.whole / rows[1]!.whole, 2)}×)`,
    )
  return `${out.join('\n')}\n`
}
