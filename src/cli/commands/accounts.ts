import { Command } from 'commander'
import type { SessionKind } from '../../client/import/common.js'
import { detectSessionKind, importSession, saveImportedSession } from '../../client/import/index.js'
import { cliContext, type GlobalOptions, UsageError } from '../context.js'

export function accountsCommand(): Command {
  const accounts = new Command('accounts')
  accounts
    .command('list', { isDefault: true })
    .description('list accounts; * marks the default')
    .action(async (_opts: unknown, cmd: Command) => {
      const { store } = await cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const all = store.list()
      if (all.length === 0) process.stdout.write('no accounts: run `tgfetch login`\n')
      for (const a of all) {
        process.stdout.write(
          `${a.isDefault ? '*' : ' '} ${a.label}  ${a.kind}  id ${a.userId ?? '?'}  DC ${a.homeDc}${a.premium ? '  premium' : ''}\n`,
        )
      }
    })
  accounts
    .command('switch <label>')
    .description('make an account the default')
    .action(async (label: string, _opts: unknown, cmd: Command) => {
      const { store } = await cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const account = store.byLabel(label)
      if (!account) throw new UsageError(`no account "${label}"`)
      store.setDefault(account.id)
      process.stdout.write(`default account: ${label}\n`)
    })
  accounts
    .command('remove <label>')
    .description('forget an account and its keys')
    .action(async (label: string, _opts: unknown, cmd: Command) => {
      const { store } = await cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const account = store.byLabel(label)
      if (!account) throw new UsageError(`no account "${label}"`)
      store.remove(account.id)
      process.stdout.write(`removed ${label}\n`)
    })
  accounts
    .command('import [path]')
    .description(
      'import a session from another tool: a Telethon .session file or a tdata folder by path; a Telethon, Pyrogram or GramJS string session on stdin (never on the command line)',
    )
    .option(
      '--kind <kind>',
      'telethon-file, telethon-string, pyrogram-string, gramjs-string or tdata (default: detected)',
    )
    .option('--label <name>', 'name of the account in tgfetch')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tgfetch accounts import ~/me.session\n  $ tgfetch accounts import < pyrogram-string.txt\n  $ TGFETCH_PASSCODE=… tgfetch accounts import ~/.local/share/TelegramDesktop/tdata',
    )
    .action(async (path: string | undefined, opts: { kind?: SessionKind; label?: string }, cmd: Command) => {
      const { store } = await cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const value = path ?? (await readStdin()).trim()
      const kind = opts.kind ?? detectSessionKind(value)
      if (!kind) throw new UsageError('cannot tell what kind of session this is: give --kind')
      const session = await importSession({ kind, value, passcode: process.env.TGFETCH_PASSCODE })
      const label = opts.label ?? `imported-${session.userId ?? session.dcId}`
      const account = saveImportedSession(store, label, session)
      process.stdout.write(`imported ${kind} session as "${account.label}" (DC ${account.homeDc})\n`)
    })
  return accounts
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('give a path, or pipe a string session on stdin')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
