import { hostname } from 'node:os'
import { Command } from 'commander'
import { ArchiveMetrics } from '../../../archive/archive-metrics.js'
import { type MetricsServer, serveMetrics } from '../../../archive/metrics-server.js'
import { archiveRunners } from '../../../archive/services.js'
import { runWorker, type WorkerEvent } from '../../../archive/worker.js'
import { DownloadEngine } from '../../../download/engine.js'
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

export function runCommand(): Command {
  const cmd = new Command('run')
    .description('work the queue in the foreground: list the chats, download their files')
    .option('--workers <n>', 'jobs at once in this process', wholeNumber(1, 64), 2)
    .option('--until-idle', 'exit once no job is waiting or running (watched chats wait for the next run)')
    .option('--account <label>', 'account to work with (default: the default account)')
    .option('-q, --quiet', 'print errors only')
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics at http://127.0.0.1:<port>/metrics (0: any free port)',
      wholeNumber(0, 65_535),
    )
  return addQueueFlag(cmd).action(async (flags: RunFlags, command: Command) => {
    const ctx = await cliContext(command.optsWithGlobals<GlobalOptions>())
    const [account] = openAccounts(ctx, flags)
    const archive = openArchive(command, flags)
    const metrics = flags.metricsPort === undefined ? undefined : new ArchiveMetrics(archive.queue)
    const engine = new DownloadEngine({
      accounts: [account!],
      onNotice: metrics && ((notice) => metrics.notice(notice, account!.label)),
    })
    const drain = drainOnSignals()
    const runners = archiveRunners({
      account: account!,
      engine,
      queue: archive.queue,
      dedup: archive.dedup,
      metrics,
    })
    const onEvent = (event: WorkerEvent): void => {
      metrics?.jobEvent(event)
      if (!flags.quiet) report(event)
    }
    const name = `${hostname()}:${process.pid}`
    if (!flags.quiet)
      process.stderr.write(
        `tgfetch: ${flags.workers} job loops as ${name}; SIGTERM or Ctrl-C stops them after the jobs they hold\n`,
      )
    let server: MetricsServer | undefined
    try {
      if (metrics) {
        server = await serveMetrics(metrics.registry, flags.metricsPort!)
        if (!flags.quiet)
          process.stderr.write(`tgfetch: metrics at http://127.0.0.1:${server.port}/metrics\n`)
      }
      await Promise.all(
        Array.from({ length: flags.workers }, (_, i) =>
          runWorker({
            queue: archive.queue,
            runners,
            name: `${name}:${i}`,
            untilIdle: flags.untilIdle === true,
            signal: drain.signal,
            onEvent,
          }),
        ),
      )
    } finally {
      drain.dispose()
      await server?.close()
      await engine.close()
      await account!.close()
      await archive.close()
    }
    // SIGTERM is how a service manager stops us: a clean drain; Ctrl-C is an interruption
    if (drain.by() === 'SIGINT') process.exitCode = EXIT.interrupted
  })
}
