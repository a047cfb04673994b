import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { UsageError } from '../usage-error.js'

// the repository's bench/ from src/cli/commands/ or dist/cli/commands/ (three up) or the bundle, dist/bundle/ (two up)
const SCRIPT = ['../../', '../../../']
  .map((up) => new URL(`${up}bench/download-peers.ts`, import.meta.url))
  .find((url) => existsSync(url))

/**
 * `tgfetch bench`: tgfetch against mtcute and GramJS on the testkit
 * (bench/download-peers.ts). The peers are dev dependencies, so this runs
 * from a checkout of the repository after `npm ci`.
 */
export function benchCommand(): Command {
  return new Command('bench')
    .allowUnknownOption()
    .argument(
      '[options...]',
      'passed on: --profile free|premium|lan|all, --size-mib N, --only a,b, --json, …',
    )
    .helpOption(false)
    .addHelpText(
      'after',
      '\nExamples:\n  $ tgfetch bench --profile free\n  $ tgfetch bench --profile lan --size-mib 64 --only tgfetch,mtcute',
    )
    .action(async (args: string[]) => {
      if (!SCRIPT) throw new UsageError('tgfetch bench runs from a checkout of the repository (after npm ci)')
      const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT.pathname, ...args], {
        stdio: 'inherit',
      })
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      process.exitCode = code ?? 1
    })
}
