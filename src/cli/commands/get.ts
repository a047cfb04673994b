import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { AccountSessions } from '../../client/account-session.js'
import { saveMedia } from '../../download/save-file.js'
import { parseLink } from '../../media/links.js'
import { resolveLink } from '../../media/resolve.js'
import { storedPeers } from '../../media/stored-peers.js'
import { cliContext, type GlobalOptions, UsageError } from '../cli-context.js'
import { fileNameFor } from '../file-names.js'

interface GetOptions extends GlobalOptions {
  output: string
  account?: string
  join?: boolean
}

function chatLabel(link: string): string {
  const parsed = parseLink(link)
  if (parsed.kind === 'invite') return 'invite'
  return parsed.peer.type === 'username' ? parsed.peer.username : `c${parsed.peer.channelId}`
}

export function getCommand(): Command {
  return new Command('get')
    .description('download the media of message links')
    .argument('<links...>', 't.me/…, telegram.me/… or tg:// links to messages')
    .option('-o, --output <dir>', 'folder to save into', '.')
    .option('--account <label>', 'account to use (default: the default account)')
    .option('--join', 'join the chats of invite links (t.me/+…) this account is not in')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tgfetch get https://t.me/somechannel/123 -o downloads\n  $ tgfetch get "https://t.me/c/1234567890/42?single"',
    )
    .action(async (links: string[], opts: GetOptions, cmd: Command) => {
      const ctx = await cliContext({ ...cmd.optsWithGlobals(), ...opts })
      const account = opts.account ? ctx.store.byLabel(opts.account) : ctx.store.defaultAccount()
      if (!account)
        throw new UsageError(
          opts.account ? `no account "${opts.account}"` : 'no account: run `tgfetch login`',
        )
      const out = resolve(opts.output)
      mkdirSync(out, { recursive: true })
      const sessions = new AccountSessions(account, ctx.store, ctx.connector)
      try {
        for (const link of links) {
          const items = await resolveLink(await sessions.home(), link, {
            ...storedPeers(ctx.store, account.id),
            joinInvites: opts.join === true,
          })
          for (const item of items) {
            const path = join(out, fileNameFor(item, chatLabel(link)))
            const started = performance.now()
            await saveMedia(await sessions.on(item.dcId), item, path)
            const seconds = (performance.now() - started) / 1000
            process.stdout.write(
              `${path}  ${item.size} bytes  ${(item.size / 1e6 / seconds).toFixed(1)} MB/s\n`,
            )
          }
        }
      } finally {
        await sessions.close()
      }
    })
}
