import { join } from 'node:path'
import { Command } from 'commander'
import { type ChatJobData, chatJobId } from '../../../archive/jobs/job-data.js'
import { parseChatPeer } from '../../../media/chat-peer.js'
import { openChat } from '../../../media/open-chat.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { cliContext, type GlobalOptions } from '../../context.js'
import { makeOutputFolder, wholeNumber } from '../../flags.js'
import { openAccounts } from '../../open-accounts.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

interface AddFlags extends QueueFlags {
  output: string
  watch?: boolean
  /** seconds */
  interval: number
  account?: string
}

export function addCommand(): Command {
  const cmd = new Command('add')
    .description('queue chats for archiving: every post into messages.jsonl, every media file beside it')
    .argument('<chats...>', 'name, @name, t.me/name, t.me/c/<id>, -100<id> or an invite link already joined')
    .requiredOption('-o, --output <dir>', 'archive folder: one folder per chat inside it')
    .option('--watch', 'keep archiving new posts: the chat is listed again every --interval')
    .option('--interval <seconds>', 'seconds between passes of a watched chat', wholeNumber(1, 86_400), 300)
    .option('--account <label>', 'account that resolves the chats (default: the default account)')
  return addQueueFlag(cmd).action(async (chats: string[], flags: AddFlags, command: Command) => {
    const peers = chats.map(parseChatPeer)
    const out = makeOutputFolder(flags.output)
    const ctx = await cliContext(command.optsWithGlobals<GlobalOptions>())
    const [account] = openAccounts(ctx, flags)
    const archive = openArchive(command, flags)
    try {
      const memory = storedPeers(ctx.store, account!.account.id)
      // every chat resolved first: a misspelt one queues nothing
      const resolved = []
      for (const peer of peers) resolved.push(await account!.onHome((s) => openChat(s, peer, memory)))
      for (const chat of resolved) {
        const data: ChatJobData = {
          chat: {
            channelId: chat.channel.channelId,
            accessHash: chat.channel.accessHash.toString(),
            label: chat.label,
          },
          out: join(out, chat.label),
          lastId: 0,
          ...(flags.watch ? { watchMs: flags.interval * 1000 } : {}),
        }
        const added = await archive.queue.add('chat', data, { jobId: chatJobId(data) })
        process.stderr.write(
          `tgfetch: ${chat.label} → ${data.out}${added ? '' : ' (already queued)'}${flags.watch ? `, watched every ${flags.interval} s` : ''}\n`,
        )
      }
    } finally {
      await archive.close()
      await account!.close()
    }
  })
}
