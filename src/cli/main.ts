import { Command } from 'commander'
import { TgfetchError } from '../errors/index.js'
import { commandNameIn } from './command-name.js'
import { COMMANDS } from './command-table.js'
import { exitTwoOnUsageErrors } from './commander-errors.js'
import { EXIT } from './exit-codes.js'
import { endJsonRun, jsonRequested } from './progress/json-lines.js'
import { terminalSafe } from './progress/safe-text.js'

const program = new Command()
  .name('tgfetch')
  .description('Get media out of Telegram as fast as Telegram allows.')
  .option('--data-dir <dir>', 'where accounts and state live (env TGFETCH_HOME)')
  .option('--servers <file>', "a testkit's JSON line to use instead of Telegram (env TGFETCH_SERVERS)")
  .option('--test-dc', "Telegram's test DCs")
  .option(
    '--proxy <url|link|auto|none>',
    'socks5://…, http://…, tg://proxy?… or t.me/proxy?… (env TGFETCH_PROXY; default auto)',
  )
  .option(
    '--transport <tcp|ws|wss|http|https|auto>',
    'what carries MTProto (env TGFETCH_TRANSPORT; default auto: TCP, else WebSocket/HTTP over TLS, remembered per network)',
  )
  .option('--api-id <id>', 'your app id from my.telegram.org (env TGFETCH_API_ID)')
  .option('--api-hash <hash>', 'your app hash (env TGFETCH_API_HASH; prefer the env var: flags show in ps)')

/** Resolves once what was written to `stream` so far is handed to the OS. */
const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => stream.write('', () => resolve()))

/** Tells a failure in words and exits with its category's code. */
function fail(e: unknown): never {
  const message = e instanceof Error ? e.message : String(e)
  process.stderr.write(`tgfetch: ${message}\n`)
  // each error's category decides: 2 bad input, 4 no usable account, 1 anything else
  const code = e instanceof TgfetchError ? e.exitCode : EXIT.error
  // a script reading --json gets the error as an event, and the run's last line is still its summary
  if (jsonRequested(process.argv.slice(2))) endJsonRun(process.stdout, terminalSafe(message), code)
  process.exit(code)
}

async function run(): Promise<void> {
  // only the command that runs is loaded; the others are a line in --help
  const wanted = commandNameIn(process.argv.slice(2))
  const running = COMMANDS.find((entry) => entry.name === wanted)
  for (const entry of COMMANDS) {
    if (entry.name === wanted) program.addCommand((await entry.load()).description(entry.summary))
    else program.command(entry.name).description(entry.summary)
  }
  exitTwoOnUsageErrors(program)
  await program.parseAsync()
  if (!running?.exitWhenDone) return
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  process.exit()
}

run().catch(fail)
