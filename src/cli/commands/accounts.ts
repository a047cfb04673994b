import { Command } from 'commander'
import { cliContext, type GlobalOptions, UsageError } from '../cli-context.js'

export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('list, switch and remove stored accounts')
  accounts
    .command('list', { isDefault: true })
    .description('list accounts; * marks the default')
    .action((_opts: unknown, cmd: Command) => {
      const { store } = cliContext(cmd.optsWithGlobals<GlobalOptions>())
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
    .action((label: string, _opts: unknown, cmd: Command) => {
      const { store } = cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const account = store.byLabel(label)
      if (!account) throw new UsageError(`no account "${label}"`)
      store.setDefault(account.id)
      process.stdout.write(`default account: ${label}\n`)
    })
  accounts
    .command('remove <label>')
    .description('forget an account and its keys')
    .action((label: string, _opts: unknown, cmd: Command) => {
      const { store } = cliContext(cmd.optsWithGlobals<GlobalOptions>())
      const account = store.byLabel(label)
      if (!account) throw new UsageError(`no account "${label}"`)
      store.remove(account.id)
      process.stdout.write(`removed ${label}\n`)
    })
  return accounts
}
