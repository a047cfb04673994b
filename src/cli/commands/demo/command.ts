import { Command } from 'commander'
import { wholeNumber } from '../../flags.js'

/** `tgfetch demo`: the tour of the README, against an embedded testkit. */
export function demoCommand(): Command {
  return new Command('demo')
    .option('--size <MiB>', 'size of the large file', wholeNumber(1, 1024 * 1024), 256)
    .option(
      '--profile <name>',
      'network profile of the embedded testkit: free, premium, lan, hostile',
      'free',
    )
    .addHelpText('after', '\nExample:\n  $ tgfetch demo --size 64 --profile premium')
    .action(async (opts: { size: number; profile: string }) => {
      const { runDemo } = await import('./demo.js')
      await runDemo({ sizeMiB: opts.size, profile: opts.profile })
    })
}
