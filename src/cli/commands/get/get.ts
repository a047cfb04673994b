import { existsSync } from 'node:fs'
import { Command } from 'commander'
import { rememberedFileDc, rememberFileDcs } from '../../../media/file-dc-memory.js'
import { LinkError, type ParsedLink, parseLink } from '../../../media/links.js'
import type { MediaItem } from '../../../media/media-item.js'
import { ResolveError, resolveLink } from '../../../media/resolve.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { cliContext, type GlobalOptions, UsageError } from '../../context.js'
import type { PlannedFile } from '../../download-run.js'
import { EXIT, EXIT_CODES_HELP } from '../../exit-codes.js'
import {
  addDownloadFlags,
  type DownloadFlags,
  downloadOptions,
  makeOutputFolder,
  runDownloadOptions,
} from '../../flags.js'
import { onInterrupt } from '../../interrupt.js'
import { DEFAULT_NAME_TEMPLATE, nameFieldsFor, renderName } from '../../name-template.js'
import { openAccounts } from '../../open-accounts.js'
import { writeJsonEvent } from '../../progress/json-lines.js'
import { terminalSafe } from '../../progress/safe-text.js'
import { safeJoin } from '../../safe-join.js'
import { type ListedLink, linksFromFile } from './link-list.js'

/** What downloads need and resolving does not: loaded while the first link resolves (a round trip). */
const loadDownloadModules = () =>
  Promise.all([
    import('../../../download/engine.js'),
    import('../../download-run.js'),
    import('../../progress/create-reporter.js'),
  ])

/** Something (or a name no file may have) is at `relativePath`: a file there may be complete, so no head is asked early. */
function pathTaken(out: string, relativePath: string): boolean {
  try {
    return existsSync(safeJoin(out, relativePath))
  } catch {
    return true
  }
}

interface GetOptions extends DownloadFlags {
  file?: string
}

function chatLabel(parsed: ParsedLink): string {
  if (parsed.kind === 'invite') return 'invite'
  return parsed.peer.type === 'username' ? parsed.peer.username : `c${parsed.peer.channelId}`
}

/** A link that cannot be had, said on stderr ("links.txt line 4: …") and as an `error` event with --json; the others go on. */
function refuse(link: ListedLink, e: Error, json: boolean | undefined): void {
  process.stderr.write(`tgfetch: ${link.where ? `${link.where}: ` : ''}${e.message}\n`)
  if (json)
    writeJsonEvent(process.stdout, 'error', {
      link: terminalSafe(link.text),
      where: link.where && terminalSafe(link.where),
      line: link.line,
      message: terminalSafe(e.message),
    })
}

export function getCommand(): Command {
  const get = new Command('get')
    .argument('[links...]', 't.me/…, telegram.me/… or tg:// links to messages')
    .option(
      '-f, --file <path>',
      'links from a file (one per line) or a Telegram Desktop chat export (result.json)',
    )
  return addDownloadFlags(get, DEFAULT_NAME_TEMPLATE)
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
      const listed: ListedLink[] = [
        ...args.map((text) => ({ text })),
        ...(flags.file ? linksFromFile(flags.file) : []),
      ]
      if (listed.length === 0) throw new UsageError('no links: give some, or -f FILE')
      // bad links are told before anything is fetched; they do not stop the others
      let refused = 0
      const links: Array<ListedLink & { parsed: ParsedLink }> = []
      for (const link of listed) {
        try {
          links.push({ ...link, parsed: parseLink(link.text) })
        } catch (e) {
          if (!(e instanceof LinkError)) throw e
          refuse(link, e, flags.json)
          refused++
        }
      }
      if (links.length === 0) throw new UsageError(`no link to download (${refused} refused)`)
      const ctx = await cliContext({ ...cmd.optsWithGlobals<GlobalOptions>(), ...flags })
      const opts = downloadOptions(cmd, flags, ctx.config)
      const accounts = openAccounts(ctx, opts)
      const out = makeOutputFolder(opts.output)
      const interrupt = onInterrupt()
      const [first] = accounts
      // once the home session is open (the first resolve request goes out on it in this tick; if it fails,
      // that is the resolve's to tell) the download's modules load during the round trip, and the engine opens
      // the download connections where the file most likely is (its DC is known once its message is read):
      // where this chat's last file was, else the account's home DC
      const firstPeer = links[0]!.parsed.kind === 'invite' ? undefined : links[0]!.parsed.peer
      const likelyDc =
        (firstPeer && rememberedFileDc(ctx.store, first!.account.id, firstPeer)) ?? first!.account.homeDc
      const stage = first!
        .home(interrupt.signal)
        .catch(() => {})
        .then(async () => {
          const [{ DownloadEngine }, run, display] = await loadDownloadModules()
          const engine = new DownloadEngine({ accounts, cdn: opts.cdn === true })
          engine.warm(likelyDc)
          return { engine, run, display }
        })
      stage.catch(() => {})
      try {
        const files: PlannedFile[] = []
        let resolved = 0
        for (const link of links) {
          let items: MediaItem[]
          try {
            items = await first!.onHome(
              (home) =>
                resolveLink(home, link.parsed, {
                  ...storedPeers(ctx.store, first!.account.id),
                  joinInvites: opts.join === true,
                }),
              { signal: interrupt.signal },
            )
          } catch (e) {
            // a link Telegram has nothing for; anything else (network, login) stops the run
            if (!(e instanceof ResolveError)) throw e
            refuse(link, e, flags.json)
            refused++
            continue
          }
          resolved++
          rememberFileDcs(ctx.store, first!.account.id, items)
          const label = chatLabel(link.parsed)
          for (const item of items) {
            const fields = nameFieldsFor(item, { label, id: item.origin.channel.channelId })
            files.push({
              item,
              relativePath: renderName(opts.template, fields, `${label}_${item.origin.msgId}`),
            })
          }
          // the first file's first bytes are asked at once, while it is named, locked and journaled
          const [head] = files
          if (resolved === 1 && head && !pathTaken(out, head.relativePath))
            stage
              .then(({ engine }) =>
                engine.prefetchHead(head.item, {
                  ...runDownloadOptions(opts, accounts),
                  signal: interrupt.signal,
                }),
              )
              .catch(() => {})
        }
        if (resolved === 0) throw new UsageError(`no link to download (${refused} refused)`)
        const { engine, run: downloadRun, display } = await stage
        const { runDownloads, settleRun } = downloadRun
        const reporter = display.createReporter({
          stream: process.stdout,
          json: opts.json,
          quiet: opts.quiet,
        })
        const run = await runDownloads({
          engine,
          out,
          files,
          reporter,
          signal: interrupt.signal,
          // a person is waiting on these files: their first bytes after one round trip
          download: { ...runDownloadOptions(opts, accounts), headFirst: true },
        })
        if (settleRun(run) && refused > 0) {
          process.stderr.write(`tgfetch: ${refused} of ${listed.length} links not downloaded (see above)\n`)
          process.exitCode = EXIT.partial
        }
      } finally {
        await stage.then(({ engine }) => engine.close()).catch(() => {})
        for (const a of accounts) await a.close()
        // last: a Ctrl-C during the teardown still means "stop now" (exit 130)
        interrupt.dispose()
      }
    })
}
