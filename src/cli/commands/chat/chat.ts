import { Command } from 'commander'
import { listChatMedia } from '../../../media/chat-media.js'
import { parseChatPeer } from '../../../media/chat-peer.js'
import { openChat } from '../../../media/open-chat.js'
import { runDownloads, settleRun } from '../../download-run.js'
import { EXIT, EXIT_CODES_HELP } from '../../exit-codes.js'
import { filterFromFlags } from '../../filter-flags.js'
import { messageIdFlag, runDownloadOptions, wholeNumber } from '../../flags.js'
import { DEFAULT_NAME_TEMPLATE } from '../../name-template.js'
import { createReporter } from '../../progress/create-reporter.js'
import { exportRecord, writeExport } from './export.js'
import { plannedFiles } from './files.js'
import { addChatFlags, type ChatFlags, progressScope } from './flags.js'
import { floodNotice, openChatSetup } from './setup.js'

interface ChatOptions extends ChatFlags {
  topic?: number
  limit?: number
  export?: string
  onlyNew?: boolean
}

export function chatCommand(): Command {
  const cmd = new Command('chat')
    .argument(
      '<chat>',
      'name, @name, t.me/name, t.me/c/<id>, -100<id> or an invite link t.me/+… already joined',
    )
    .option(
      '--topic <id>',
      'only this forum topic (its id is in its links: t.me/name/<topic>/<msg>)',
      messageIdFlag,
    )
    .option('--limit <n>', 'only the newest n matching files', wholeNumber(1, Number.MAX_SAFE_INTEGER))
    .option(
      '--export <file>',
      'write the media list as JSON to the file (- for stdout) instead of downloading',
    )
    .option(
      '--only-new',
      'list only posts newer than the last complete run with the same chat, filters and folder',
    )
  addChatFlags(cmd, DEFAULT_NAME_TEMPLATE)
  return cmd
    .addHelpText(
      'after',
      `
Every matching file is downloaded into the folder, oldest first. Run the same
command again to resume: complete files are skipped, partial ones continue.

Examples:
  $ tgfetch chat somechannel -o downloads
  $ tgfetch chat https://t.me/somechannel --kind photo,video --since 2026-01-01 -o downloads
  $ tgfetch chat somegroup --ext pdf,epub --min-size 1M --max-size 2G --match 'report|draft'
  $ tgfetch chat someforum --topic 3 --template '{chat}/{date}_{name}.{ext}' -o downloads
  $ tgfetch chat t.me/c/1234567890 --from-id 100 --to-id 200 --json
  $ tgfetch chat somechannel --export media.json      # a list, nothing downloaded

--export writes a JSON array; each object has: chat, chat_id, msg_id, date
(ISO 8601 UTC), kind, size (bytes), name (the default file name), mime, dc,
link (to that message alone), album (album id or null).
${EXIT_CODES_HELP}`,
    )
    .action(async (peerText: string, flags: ChatOptions, command: Command) => {
      // bad input fails before anything is opened
      const peer = parseChatPeer(peerText)
      const filter = filterFromFlags(flags)
      const { topic, limit } = flags
      const setup = await openChatSetup(command, flags)
      const { opts, first, signal } = setup
      try {
        const scope = progressScope('chat', filter, topic, setup.out, opts.template)
        const { chat, doneUpTo, listing } = await first.onHome(
          async (session) => {
            const chat = await openChat(session, peer, { ...setup.memory, joinInvites: opts.join === true })
            const doneUpTo = opts.onlyNew
              ? setup.progress.get(first.account.id, chat.channel.channelId, scope)
              : undefined
            const listing = await listChatMedia(session, chat, {
              topicId: topic,
              minId: doneUpTo,
              filter,
              limit,
              signal,
              onFloodWait: floodNotice(opts.quiet),
              memory: setup.memory,
            })
            return { chat, doneUpTo, listing }
          },
          { signal },
        )
        const items = listing.groups.flatMap((g) => g.items)
        if (opts.export !== undefined) {
          writeExport(
            opts.export,
            items.map((item) => exportRecord(item, chat)),
          )
          if (!opts.quiet && opts.export !== '-')
            process.stderr.write(
              `tgfetch: ${items.length} media items of ${chat.label} listed in ${opts.export}\n`,
            )
          return
        }
        if (doneUpTo !== undefined && !opts.quiet && !opts.json)
          process.stderr.write(
            `tgfetch: ${chat.label}: messages up to ${doneUpTo} were done by an earlier run\n`,
          )
        const run = await runDownloads({
          engine: setup.engine,
          out: setup.out,
          files: plannedFiles(items, chat, opts.template),
          reporter: createReporter({ stream: process.stdout, json: opts.json, quiet: opts.quiet }),
          signal,
          download: runDownloadOptions(opts, setup.accounts),
        })
        if (settleRun(run) && listing.complete)
          setup.progress.advance(first.account.id, chat.channel.channelId, scope, listing.topId)
      } catch (e) {
        if (!signal.aborted) throw e
        process.stderr.write('tgfetch: interrupted while listing; nothing was lost\n')
        process.exitCode = EXIT.interrupted
      } finally {
        await setup.close()
      }
    })
}
