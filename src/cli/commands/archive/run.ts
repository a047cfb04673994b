import { hostname } from 'node:os'
import { Command } from 'commander'
import type { ArchiveMetrics } from '../../../archive/archive-metrics.js'
import { HeldAccounts } from '../../../archive/held-accounts.js'
import type { MetricsServer } from '../../../archive/metrics-server.js'
import { archiveRunners } from '../../../archive/services.js'
import { runWorker, type WorkerEvent } from '../../../archive/worker.js'
import type { AccountSessions } from '../../../client/account-session.js'
import { DownloadEngine } from '../../../download/engine.js'
import type { SharedFloods } from '../../../download/flood-gate.js'
import { cliContext, type GlobalOptions } from '../../context.js'
import { EXIT } from '../../exit-codes.js'
import { wholeNumber } from '../../flags.js'
import { openAccounts } from '../../open-accounts.js'
import { terminalSafe } from '../../progress/safe-text.js'
import { drainOnSignals } from './drain.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

interface RunFlags extends QueueFlags {
  workers: number
  untilIdle?: boolean
  account?: string
  /** seconds */
  lease: number
  quiet?: boolean
  metricsPort?: number
}

/** One line per finished job on stderr. */
function report(event: WorkerEvent): void {
  const line =
    event.type === 'completed'
      ? `${event.kind} ${event.id} done`
      : event.type === 'failed'
        ? `${event.kind} ${event.id} failed${event.retry ? ' (will retry)' : ''}: ${terminalSafe(event.reason)}`
        : `${event.kind} ${event.id}: lease lost to another worker`
  process.stderr.write(`tgfetch: ${line}\n`)
}

/** `--account a,b`, or every account logged in. */
function accountsOf(ctx: Awaited<ReturnType<typeof cliContext>>, flags: RunFlags): AccountSessions[] {
  if (flags.account) return openAccounts(ctx, { accounts: flags.account })
  const all = ctx.store.list().map((a) => a.label)
  return openAccounts(ctx, all.length > 0 ? { accounts: all.join(',') } : {})
}

/** An account's name in the leases: its Telegram user, whatever each machine labels it. */
const leaseKey = (a: AccountSessions): string =>
  a.account.userId ? `user${a.account.userId}` : `label:${a.account.label}`

export function runCommand(): Command {
  const cmd = new Command('run')
    .description('work the queue in the foreground: list the chats, download their files')
    .option('--workers <n>', 'jobs at once in this process', wholeNumber(1, 64), 2)
    .option('--until-idle', 'exit once no job is waiting or running (watched chats wait for the next run)')
    .option(
      '--account <labels>',
      'accounts to work with, comma-separated (default: every account logged in); each is used by one `archive run` at a time',
    )
    .option(
      '--lease <seconds>',
      'how long a killed worker keeps its jobs and accounts before others take them over',
      wholeNumber(1, 3600),
      60,
    )
    .option('-q, --quiet', 'print errors only')
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics at http://127.0.0.1:<port>/metrics (0: any free port)',
      wholeNumber(0, 65_535),
    )
  return addQueueFlag(cmd).action(async (flags: RunFlags, command: Command) => {
    const ctx = await cliContext(command.optsWithGlobals<GlobalOptions>())
    const accounts = accountsOf(ctx, flags)
    const archive = await openArchive(command, flags)
    const name = `${hostname()}:${process.pid}`
    const leaseMs = flags.lease * 1000
    const keyOf = new Map(accounts.map((a) => [a.label, leaseKey(a)]))
    // the engine names accounts by label; the leases by user
    const floods: SharedFloods = {
      floodUntil: (label, method) => archive.leases.floodUntil(keyOf.get(label) ?? label, method),
      setFloodUntil: (label, method, until) =>
        archive.leases.setFloodUntil(keyOf.get(label) ?? label, method, until),
    }
    const held = new HeldAccounts({
      leases: archive.leases,
      accounts: accounts.map((a) => ({ key: leaseKey(a), account: a })),
      worker: name,
      leaseMs,
      onChange: (key, now) => {
        if (!flags.quiet)
          process.stderr.write(`tgfetch: account ${key} ${now ? 'held' : 'lost to another worker'}\n`)
      },
    })
    // prom-client loads only when metrics are asked for
    const metrics: ArchiveMetrics | undefined =
      flags.metricsPort === undefined
        ? undefined
        : new (await import('../../../archive/archive-metrics.js')).ArchiveMetrics(archive.queue)
    const engine = new DownloadEngine({
      accounts,
      floods,
      // each job loop runs one download at a time: the engine's own limit (4) would hold the rest back
      maxActiveDownloads: flags.workers,
      onNotice: metrics && ((notice) => metrics.notice(notice, notice.account ?? '')),
    })
    const drain = drainOnSignals()
    const runners = archiveRunners({
      account: () => held.take(),
      floods: archive.leases,
      engine,
      queue: archive.queue,
      dedup: archive.dedup,
      claimMs: leaseMs,
      metrics,
    })
    const onEvent = (event: WorkerEvent): void => {
      metrics?.jobEvent(event)
      if (!flags.quiet) report(event)
    }
    let server: MetricsServer | undefined
    try {
      if (metrics) {
        const { serveMetrics } = await import('../../../archive/metrics-server.js')
        server = await serveMetrics(metrics.registry, flags.metricsPort!)
        if (!flags.quiet)
          process.stderr.write(`tgfetch: metrics at http://127.0.0.1:${server.port}/metrics\n`)
      }
      await held.start()
      if (!flags.quiet)
        process.stderr.write(
          `tgfetch: ${flags.workers} job loops as ${name}, ${held.size} of ${accounts.length} accounts held; SIGTERM or Ctrl-C stops them after the jobs they hold\n`,
        )
      await Promise.all(
        Array.from({ length: flags.workers }, (_, i) =>
          runWorker({
            queue: archive.queue,
            runners,
            name: `${name}:${i}`,
            lockMs: leaseMs,
            untilIdle: flags.untilIdle === true,
            canWork: () => held.size > 0,
            signal: drain.signal,
            onEvent,
          }),
        ),
      )
    } finally {
      drain.dispose()
      await server?.close()
      await engine.close()
      await held.close()
      await Promise.all(accounts.map((a) => a.close()))
      await archive.close()
    }
    // SIGTERM is how a service manager stops us: a clean drain; Ctrl-C is an interruption
    if (drain.by() === 'SIGINT') process.exitCode = EXIT.interrupted
  })
}
