import type { ClientName, ProfileRun, RunResult } from './types.js'

const mbps = (r: RunResult): number => (r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0)
const cpuPerGb = (r: RunResult): number => (r.bytes > 0 ? r.cpuSeconds / (r.bytes / 1e9) : Number.NaN)
const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–')

function status(r: RunResult): string {
  if (r.capped) return '(partial, capped)'
  if (r.error) return `FAIL: ${r.error.split('\n')[0]}`
  return r.shaOk ? 'ok' : 'FAIL'
}

/** A text table per profile, then tgfetch's ratios to each peer. */
export function formatProfile(run: ProfileRun, sizeMiB: number, capSeconds: number): string {
  const limit = run.accountBytesPerSecond
  const perConn = run.connectionBytesPerSecond
  const head = [
    `== ${run.profile}: tgfetch_media/2, ${sizeMiB} MiB; ` +
      (limit === null
        ? 'unshaped loopback'
        : `${fixed((perConn ?? 0) / 1e6)} MB/s per connection, ${fixed(limit / 1e6)} MB/s per account`) +
      `; cap ${capSeconds} s per client`,
  ]
  const columns = [
    'client',
    'MB/s',
    'CPU-s/GB',
    'peak RSS MiB',
    'conns',
    ...(limit ? ['% of account'] : []),
    'sha',
  ]
  const rows = run.results.map((r) => [
    r.client,
    fixed(mbps(r)),
    fixed(cpuPerGb(r), 2),
    fixed(r.peakRssMiB, 0),
    r.server ? String(r.server.connections) : '–',
    ...(limit ? [`${fixed((100 * mbps(r) * 1e6) / limit)} %`] : []),
    status(r),
  ])
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const out = [...head, line(columns), ...rows.map(line)]
  const ours = run.results.find((r) => r.client === 'tgfetch')
  for (const peer of ['mtcute', 'gramjs'] as ClientName[]) {
    const theirs = run.results.find((r) => r.client === peer)
    if (!ours || !theirs || !ours.bytes || !theirs.bytes) continue
    const ratio = (a: number, b: number) => `×${fixed(a / b, 2)}`
    out.push(
      `tgfetch/${peer}: speed ${ratio(mbps(ours), mbps(theirs))}, CPU-s/GB ${ratio(cpuPerGb(ours), cpuPerGb(theirs))},` +
        ` peak RSS ${ratio(ours.peakRssMiB, theirs.peakRssMiB)}`,
    )
  }
  if (ours?.getProcess)
    out.push(
      `(tgfetch's whole \`get\` process: ${fixed(ours.getProcess.seconds, 2)} s, ${fixed(ours.getProcess.cpuSeconds, 2)} CPU-s` +
        `${ours.cliMBps === undefined ? '' : `; it printed ${ours.cliMBps} MB/s`})`,
    )
  const floods = run.results.filter((r) => Object.keys(r.server?.errors ?? {}).length)
  for (const r of floods) out.push(`${r.client}: testkit errors ${JSON.stringify(r.server?.errors)}`)
  return `${out.join('\n')}\n`
}
