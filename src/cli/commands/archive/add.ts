import { join } from 'node:path'
import { Command } from 'commander'
import { newestMessageId } from '../../../archive/history.js'
import { type ChatJobData, chatGroup, chatJobId } from '../../../archive/jobs/job-data.js'
import { parseChatPeer } from '../../../media/chat-peer.js'
import type { FilterText } from '../../../media/filter-parse.js'
import { openChat } from '../../../media/open-chat.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { cliContext, type GlobalOptions } from '../../context.js'
import { addFilterFlags, filterFromFlags, filterText } from '../../filter-flags.js'
import { makeOutputFolder, messageIdFlag, wholeNumber } from '../../flags.js'
import { openAccounts } from '../../open-accounts.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

interface AddFlags extends QueueFlags, FilterText {
  output: string
  watch?: boolean
  /** seconds */
  interval: number
  account?: string
  topic?: number
  onlyNew?: boolean
}

export function addCommand(): Command {
  const cmd = new Command('add')
    .description('queue chats for archiving: every post into messages.jsonl, every media file beside it')
    .argument('<chats...>', 'name, @name, t.me/name, t.me/c/<id>, -100<id> or an invite link already joined')
    .requiredOption('-o, --output <dir>', 'archive folder: one folder per chat inside it')
    .option('--watch', 'keep archiving new posts: the chat is listed again every --interval')
    .option('--interval <seconds>', 'seconds between passes of a watched chat', wholeNumber(1, 86_400), 300)
    .option('--account <label>', 'account that resolves the chats (default: the default account)')
    .option('--topic <id>', 'only this forum topic (its id is in its links)', messageIdFlag)
    .option(
      '--only-new',
      'skip the posts there are now: archive only those posted from now on (with --watch)',
    )
  addFilterFlags(cmd)
  return addQueueFlag(cmd)
    .addHelpText(
      'after',
      `
The filters (--kind, --ext, --min-size, --max-size, --since, --until,
--from-id, --to-id, --match) choose which media are downloaded, as for
\`tgfetch chat\`; every post still goes into messages.jsonl. They are kept
with the chat: each later pass of a watched chat applies them too.
Adding a paused or removed chat again resumes it.`,
    )
    .action(async (chats: string[], flags: AddFlags, command: Command) => {
      // bad input fails before anything is opened
      const peers = chats.map(parseChatPeer)
      filterFromFlags(flags)
      const filter = filterText(flags)
      const out = makeOutputFolder(flags.output)
      const ctx = await cliContext(command.optsWithGlobals<GlobalOptions>())
      const [account] = openAccounts(ctx, flags)
      const archive = await openArchive(command, flags)
      try {
        const memory = storedPeers(ctx.store, account!.account.id)
        // every chat resolved first: a misspelt one queues nothing
        const resolved = []
        for (const peer of peers)
          resolved.push(
            await account!.onHome(async (s) => {
              const chat = await openChat(s, peer, memory)
              const from = flags.onlyNew
                ? await newestMessageId(s, chat.channel, { topicId: flags.topic })
                : 0
              return { chat, from }
            }),
          )
        for (const { chat, from } of resolved) {
          const data: ChatJobData = {
            chat: {
              channelId: chat.channel.channelId,
              accessHash: chat.channel.accessHash.toString(),
              label: chat.label,
            },
            out: join(out, chat.label),
            lastId: from,
            ...(Object.keys(filter).length > 0 ? { filter } : {}),
            ...(flags.topic !== undefined ? { topicId: flags.topic } : {}),
            ...(flags.watch ? { watchMs: flags.interval * 1000 } : {}),
          }
          const group = chatGroup(data.chat)
          await archive.queue.resumeGroup(group)
          const added = await archive.queue.add('chat', data, { jobId: chatJobId(data), group })
          process.stderr.write(
            `tgfetch: ${chat.label} → ${data.out}${added ? '' : ' (already queued)'}${flags.watch ? `, watched every ${flags.interval} s` : ''}${from > 0 ? `, posts after ${from}` : ''}\n`,
          )
        }
      } finally {
        await archive.close()
        await account!.close()
      }
    })
}
