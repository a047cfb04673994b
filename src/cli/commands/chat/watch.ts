import { Command } from 'commander'
import { listChatMedia, newestMessageId } from '../../../media/chat-media.js'
import { parseChatPeer } from '../../../media/chat-peer.js'
import type { MediaFilter } from '../../../media/media-filter.js'
import { type ChatRef, openChat } from '../../../media/open-chat.js'
import { RpcError } from '../../../mtproto/index.js'
import { runDownloads } from '../../download-run.js'
import { EXIT, EXIT_CODES_HELP } from '../../exit-codes.js'
import { filterFromFlags } from '../../filter-flags.js'
import { messageIdFlag, runDownloadOptions, wholeNumber } from '../../flags.js'
import { createReporter } from '../../progress/create-reporter.js'
import { writeJsonEvent } from '../../progress/json-lines.js'
import { terminalSafe } from '../../progress/safe-text.js'
import { UsageError } from '../../usage-error.js'
import { plannedFiles } from './files.js'
import { addChatFlags, type ChatFlags, progressScope } from './flags.js'
import { PushedPosts } from './pushed-posts.js'
import { type ChatSetup, floodNotice, openChatSetup } from './setup.js'

interface WatchOptions extends ChatFlags {
  /** seconds */
  interval: number
  topic?: number
}

const WATCH_TEMPLATE = '{chat}/{name}.{ext}'

interface Watched {
  chat: ChatRef
  /** a forum topic (its first message's id): only its posts */
  topic: number | undefined
  scope: string
  /** every media of messages up to this id is on disk */
  doneUpTo: number
}

/** ±20 % around the interval, so several watchers do not poll in step. */
const jittered = (seconds: number): number => seconds * 1000 * (0.8 + Math.random() * 0.4)

/** One line for people (stderr) or one `watching` event (--json, stdout). */
function announce(opts: WatchOptions, w: Watched, interval: number): void {
  if (opts.json) {
    writeJsonEvent(process.stdout, 'watching', {
      chat: w.chat.label,
      topic: w.topic ?? null,
      afterId: w.doneUpTo,
      interval,
    })
  } else if (!opts.quiet)
    process.stderr.write(
      `tgfetch: watching ${w.chat.label}${w.topic === undefined ? '' : ` topic ${w.topic}`} for posts after ${w.doneUpTo} (every ~${interval} s)\n`,
    )
}

/** Downloads what is new in one chat; resolves false when interrupted. */
async function pollOnce(setup: ChatSetup<WatchOptions>, w: Watched, filter: MediaFilter) {
  const { opts, first, signal } = setup
  const listing = await first.onHome(
    (home) =>
      listChatMedia(home, w.chat, {
        topicId: w.topic,
        minId: w.doneUpTo,
        filter,
        signal,
        onFloodWait: floodNotice(opts.quiet),
        memory: setup.memory,
      }),
    { signal },
  )
  const items = listing.groups.flatMap((g) => g.items)
  if (items.length > 0) {
    const run = await runDownloads({
      engine: setup.engine,
      out: setup.out,
      files: plannedFiles(items, w.chat, opts.template),
      reporter: createReporter({ stream: process.stdout, json: opts.json, quiet: opts.quiet }),
      signal,
      download: runDownloadOptions(opts, setup.accounts),
    })
    if (run.interrupted) return
    if (run.failed > 0) {
      // not remembered as done: the next poll lists them again (complete ones are skipped)
      process.stderr.write(
        `tgfetch: ${w.chat.label}: ${run.failed} files failed; trying again at the next poll\n`,
      )
      return
    }
  }
  if (listing.topId > w.doneUpTo) {
    w.doneUpTo = listing.topId
    setup.progress.advance(first.account.id, w.chat.channel.channelId, w.scope, w.doneUpTo)
  }
}

export function watchCommand(): Command {
  const cmd = new Command('watch')
    .argument('<chats...>', 'name, @name, t.me/name, t.me/c/<id>, -100<id> or an invite link already joined')
    .option(
      '--interval <seconds>',
      'seconds between polls of each chat, up to a day (a random ±20 % is added)',
      wholeNumber(1, 86_400),
      30,
    )
    .option(
      '--topic <id>',
      'only this forum topic of the (one) chat: its id is in its links, t.me/name/<topic>/<msg>',
      messageIdFlag,
    )
  addChatFlags(cmd, WATCH_TEMPLATE)
  return cmd
    .addHelpText(
      'after',
      `
The first run starts at each chat's newest post (or at --from-id); the last
post done is remembered per chat, so a restart picks up what was posted
meanwhile and never downloads a file twice. A post Telegram announces (the
update it pushes to a client that reads the chat) is fetched at once; the poll
every --interval catches whatever no update announced. Ctrl-C (or SIGTERM)
stops after saving, with exit code 130. Files go to <folder>/<chat>/ by default.

Examples:
  $ tgfetch watch somechannel -o downloads
  $ tgfetch watch chan_one chan_two --kind video --min-size 10M --interval 60
  $ tgfetch watch t.me/c/1234567890 --from-id 500 --json
  $ tgfetch watch someforum --topic 3 --kind photo
${EXIT_CODES_HELP}`,
    )
    .action(async (peerTexts: string[], flags: WatchOptions, command: Command) => {
      const peers = peerTexts.map(parseChatPeer)
      const filter = filterFromFlags(flags)
      const { interval, topic } = flags
      if (topic !== undefined && peers.length > 1)
        throw new UsageError('--topic names a topic of one forum: give exactly one chat with it')
      const setup = await openChatSetup(command, flags)
      const { opts, first, signal } = setup
      let pushes: PushedPosts | undefined
      try {
        const session = await first.home(signal)
        const watched: Watched[] = []
        for (const peer of peers) {
          const chat = await openChat(session, peer, { ...setup.memory, joinInvites: opts.join === true })
          const scope = progressScope('watch', filter, topic, setup.out, opts.template)
          let doneUpTo = setup.progress.get(first.account.id, chat.channel.channelId, scope)
          if (doneUpTo === undefined) {
            doneUpTo =
              filter.fromId !== undefined
                ? filter.fromId - 1
                : await newestMessageId(session, chat, {
                    topicId: topic,
                    signal,
                    onFloodWait: floodNotice(opts.quiet),
                  })
            setup.progress.advance(first.account.id, chat.channel.channelId, scope, doneUpTo)
          }
          watched.push({ chat, topic, scope, doneUpTo })
        }
        for (const w of watched) announce(opts, w, interval)
        // a post Telegram pushes is fetched at once; every chat is still polled each interval
        pushes = new PushedPosts(first, new Set(watched.map((w) => w.chat.channel.channelId)))
        let due = watched
        let nextPoll = 0
        while (!signal.aborted) {
          for (const w of due) {
            if (signal.aborted) break
            try {
              await pollOnce(setup, w, filter)
            } catch (e) {
              if (signal.aborted) break
              // a login Telegram no longer accepts will not come back by waiting
              if (e instanceof RpcError && e.code === 401) throw e
              // a network hiccup must not end a watch: the next poll tries again
              const message = terminalSafe((e as Error).message)
              process.stderr.write(`tgfetch: ${w.chat.label}: ${message}\n`)
              if (opts.json) writeJsonEvent(process.stdout, 'error', { chat: w.chat.label, message })
            }
          }
          if (due === watched) nextPoll = Date.now() + jittered(interval)
          await pushes.wait(nextPoll - Date.now(), signal)
          const pushed = pushes.take()
          due = Date.now() >= nextPoll ? watched : watched.filter((w) => pushed.has(w.chat.channel.channelId))
        }
      } catch (e) {
        if (!signal.aborted) throw e
      } finally {
        pushes?.close()
        await setup.close()
      }
      if (!opts.quiet)
        process.stderr.write('tgfetch: stopped; the same command continues where this one stopped\n')
      process.exitCode = EXIT.interrupted
    })
}
