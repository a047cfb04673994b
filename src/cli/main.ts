import { Command, InvalidArgumentError } from 'commander'
import { runDemo } from './demo.js'
import { testkitCommand } from './testkit-command.js'

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number')
  return n
}

const program = new Command()
  .name('tgfetch')
  .description('Get media out of Telegram as fast as Telegram allows.')
  .showHelpAfterError()

program
  .command('demo')
  .description('run our own MTProto DC on 127.0.0.1 and download a file from it with our client')
  .option('--size <MiB>', 'size of the demo file', positiveInt, 256)
  .option('--connections <n>', 'connections used for the download', positiveInt, 4)
  .addHelpText('after', '\nExample:\n  $ tgfetch demo --size 64')
  .action(async (opts: { size: number; connections: number }) => {
    await runDemo({ sizeMiB: opts.size, connections: opts.connections })
  })

program.addCommand(testkitCommand())

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`tgfetch: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
