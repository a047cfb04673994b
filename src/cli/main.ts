import { Command, InvalidArgumentError } from 'commander'
import { SessionImportError } from '../client/import/common.js'
import { ProxyConfigError } from '../client/proxy/proxy-config.js'
import { ProxyError } from '../client/proxy/socket-factories.js'
import { LinkError } from '../media/links.js'
import { ResolveError } from '../media/resolve.js'
import { accountsCommand } from './commands/accounts.js'
import { benchCommand } from './commands/bench.js'
import { chatCommand } from './commands/chat/chat.js'
import { watchCommand } from './commands/chat/watch.js'
import { getCommand } from './commands/get/get.js'
import { loginCommand } from './commands/login.js'
import { serveCommand } from './commands/serve/serve.js'
import { testkitCommand } from './commands/testkit.js'
import { UsageError } from './context.js'
import { AuthNeededError, EXIT } from './exit-codes.js'
import { TemplateError } from './name-template.js'

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number')
  return n
}

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
  .option('--api-id <id>', 'your app id from my.telegram.org (env TGFETCH_API_ID)')
  .option('--api-hash <hash>', 'your app hash (env TGFETCH_API_HASH; prefer the env var: flags show in ps)')
  .showHelpAfterError()

program
  .command('demo')
  .description('an offline Telegram on 127.0.0.1, a login, an album and a large file downloaded and verified')
  .option('--size <MiB>', 'size of the large file', positiveInt, 256)
  .option('--profile <name>', 'network profile of the embedded testkit: free, premium, lan, hostile', 'free')
  .addHelpText('after', '\nExample:\n  $ tgfetch demo --size 64 --profile premium')
  .action(async (opts: { size: number; profile: string }) => {
    // the testkit is loaded only by the commands that run one: `get` and friends stay lean
    const { runDemo } = await import('./commands/demo/demo.js')
    await runDemo({ sizeMiB: opts.size, profile: opts.profile })
  })

program.addCommand(loginCommand())
program.addCommand(accountsCommand())
program.addCommand(getCommand())
program.addCommand(chatCommand())
program.addCommand(watchCommand())
program.addCommand(serveCommand())
program.addCommand(benchCommand())
program.addCommand(testkitCommand())

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`tgfetch: ${e instanceof Error ? e.message : String(e)}\n`)
  const badInput = [
    UsageError,
    LinkError,
    ResolveError,
    SessionImportError,
    ProxyConfigError,
    TemplateError,
  ].some((t) => e instanceof t)
  const code =
    e instanceof AuthNeededError ? EXIT.authNeeded : e instanceof ProxyError ? EXIT.proxy : EXIT.error
  process.exit(badInput ? EXIT.badInput : code)
})
