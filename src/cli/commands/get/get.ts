import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { DownloadEngine } from '../../../download/engine.js'
import { checkPartSize } from '../../../download/part-plan.js'
import { parseLink } from '../../../media/links.js'
import { resolveLink } from '../../../media/resolve.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { applyConfigDefaults } from '../../config-file.js'
import { cliContext, type GlobalOptions, UsageError } from '../../context.js'
import { type PlannedFile, runDownloads, settleRun } from '../../download-run.js'
import { EXIT_CODES_HELP } from '../../exit-codes.js'
import { onInterrupt } from '../../interrupt.js'
import {
  checkTemplate,
  DEFAULT_NAME_TEMPLATE,
  nameFieldsFor,
  renderName,
  TemplateError,
} from '../../name-template.js'
import { openAccounts } from '../../open-accounts.js'
import { createReporter } from '../../progress/create-reporter.js'
import { linksFromFile } from './link-list.js'

interface GetOptions extends GlobalOptions {
  output: string
  template: string
  file?: string
  account?: string
  accounts?: string
  connections?: number
  partSize?: number
  verify?: boolean
  cdn?: boolean
  json?: boolean
  quiet?: boolean
  join?: boolean
  wait?: boolean
}

function chatLabel(link: string): string {
  const parsed = parseLink(link)
  if (parsed.kind === 'invite') return 'invite'
  return parsed.peer.type === 'username' ? parsed.peer.username : `c${parsed.peer.channelId}`
}

export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number')
  return n
}

function partSizeKiB(value: string): number {
  try {
    return checkPartSize(positiveInt(value) * 1024)
  } catch {
    throw new InvalidArgumentError('a power of two from 4 to 1024 (KiB)')
  }
}

export function getCommand(): Command {
  return new Command('get')
    .description('download the media of message links')
    .argument('[links...]', 't.me/…, telegram.me/… or tg:// links to messages')
    .option(
      '-f, --file <path>',
      'links from a file (one per line) or a Telegram Desktop chat export (result.json)',
    )
    .option('-o, --output <dir>', 'folder to save into', '.')
    .option(
      '-t, --template <template>',
      'file names: {chat} {chat_id} {msg_id} {date} {time} {name} {ext} {caption} {album} {kind} {id} {size}; / makes folders',
      DEFAULT_NAME_TEMPLATE,
    )
    .option('--account <label>', 'account to use (default: the default account)')
    .option('--accounts <a,b,…>', 'several accounts sharing every download: their limits add up')
    .option(
      '-c, --connections <n>',
      'connections per account and DC (default: learned while downloading)',
      positiveInt,
    )
    .option('--part-size <KiB>', 'bytes per request (default 1024, less for small files)', partSizeKiB)
    .option(
      '--verify',
      "check every part, and files already there, against Telegram's hashes; print each file's SHA-256",
    )
    .option(
      '--cdn',
      'let Telegram send popular files through its CDN DCs (every CDN part is SHA-256-checked)',
    )
    .option('--json', 'one JSON event per line on stdout (see docs/cli-json-events.md)')
    .option('-q, --quiet', 'print errors only')
    .option('--join', 'join the chats of invite links (t.me/+…) this account is not in')
    .option('--no-wait', 'when another tgfetch is writing a file: exit (code 2) instead of waiting for it')
    .addHelpText(
      'after',
      `
Examples:
  $ tgfetch get https://t.me/somechannel/123 -o downloads
  $ tgfetch get "https://t.me/c/1234567890/42?single" --json
  $ tgfetch get -f links.txt --accounts me,work -o downloads
  $ tgfetch get https://t.me/somechannel/123 -t '{chat}/{date}_{msg_id}_{name}.{ext}'
${EXIT_CODES_HELP}`,
    )
    .action(async (args: string[], flags: GetOptions, cmd: Command) => {
      const links = [...args, ...(flags.file ? linksFromFile(flags.file) : [])]
      if (links.length === 0) throw new UsageError('no links: give some, or -f FILE')
      // bad input fails before anything is fetched
      for (const link of links) parseLink(link)
      const ctx = await cliContext({ ...cmd.optsWithGlobals(), ...flags })
      const opts = applyConfigDefaults(cmd, flags, ctx.config)
      try {
        checkTemplate(opts.template)
      } catch (e) {
        if (e instanceof TemplateError) throw new UsageError(e.message)
        throw e
      }
      const accounts = openAccounts(ctx, opts)
      const out = resolve(opts.output)
      mkdirSync(out, { recursive: true })
      const engine = new DownloadEngine({ accounts, cdn: opts.cdn === true })
      const interrupt = onInterrupt()
      try {
        const [first] = accounts
        const files: PlannedFile[] = []
        for (const link of links) {
          const items = await first!.onHome(
            (home) =>
              resolveLink(home, link, {
                ...storedPeers(ctx.store, first!.account.id),
                joinInvites: opts.join === true,
              }),
            { signal: interrupt.signal },
          )
          const label = chatLabel(link)
          for (const item of items) {
            const fields = nameFieldsFor(item, { label, id: item.origin.channel.channelId })
            files.push({
              item,
              relativePath: renderName(opts.template, fields, `${label}_${item.origin.msgId}`),
            })
          }
        }
        const reporter = createReporter({ stream: process.stdout, json: opts.json, quiet: opts.quiet })
        const run = await runDownloads({
          engine,
          out,
          files,
          reporter,
          signal: interrupt.signal,
          download: {
            accounts: accounts.map((a) => a.label),
            connections: opts.connections,
            partSize: opts.partSize,
            verify: opts.verify === true,
            sha256: opts.verify === true,
            wait: opts.wait !== false,
          },
        })
        settleRun(run)
      } finally {
        await engine.close()
        for (const a of accounts) await a.close()
        // last: a Ctrl-C during the teardown still means "stop now" (exit 130)
        interrupt.dispose()
      }
    })
}
