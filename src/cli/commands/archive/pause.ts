import { Command } from 'commander'
import { ALL_JOBS } from '../../../archive/queue/job-queue.js'
import { chatsNamed } from './chat-groups.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

const CHATS = 'archived chats: username or -100<id> (none: the whole archive)'

/** `archive pause [chats…]`: their jobs are not leased until `archive resume`; running ones finish. */
export function pauseCommand(): Command {
  const cmd = new Command('pause')
    .description('stop handing out jobs of these chats (or of the whole archive); running jobs finish')
    .argument('[chats...]', CHATS)
  return addQueueFlag(cmd).action(async (chats: string[], flags: QueueFlags, command: Command) => {
    const archive = await openArchive(command, flags)
    try {
      if (chats.length === 0) {
        await archive.queue.pauseGroup(ALL_JOBS)
        process.stderr.write('tgfetch: archive paused\n')
        return
      }
      for (const chat of await chatsNamed(archive.queue, chats)) {
        await archive.queue.pauseGroup(chat.group)
        process.stderr.write(`tgfetch: ${chat.label} paused\n`)
      }
    } finally {
      await archive.close()
    }
  })
}

/** `archive resume [chats…]`: their paused jobs wait again. */
export function resumeCommand(): Command {
  const cmd = new Command('resume')
    .description('hand out the jobs of these paused chats (or of the whole archive) again')
    .argument('[chats...]', CHATS)
  return addQueueFlag(cmd).action(async (chats: string[], flags: QueueFlags, command: Command) => {
    const archive = await openArchive(command, flags)
    try {
      if (chats.length === 0) {
        await archive.queue.resumeGroup(ALL_JOBS)
        process.stderr.write('tgfetch: archive resumed\n')
        return
      }
      for (const chat of await chatsNamed(archive.queue, chats)) {
        await archive.queue.resumeGroup(chat.group)
        process.stderr.write(`tgfetch: ${chat.label} resumed\n`)
      }
    } finally {
      await archive.close()
    }
  })
}

/** `archive remove <chats…>`: their jobs and watches go, files on disk stay. */
export function removeCommand(): Command {
  const cmd = new Command('remove')
    .description('forget these chats: their queued jobs and their watch go; files already archived stay')
    .argument('<chats...>', 'archived chats: username or -100<id>')
  return addQueueFlag(cmd).action(async (chats: string[], flags: QueueFlags, command: Command) => {
    const archive = await openArchive(command, flags)
    try {
      for (const chat of await chatsNamed(archive.queue, chats)) {
        const removed = await archive.queue.removeGroup(chat.group)
        process.stderr.write(`tgfetch: ${chat.label} removed (${removed} jobs); its files stay\n`)
      }
    } finally {
      await archive.close()
    }
  })
}
