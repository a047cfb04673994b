import { type ChatJobData, chatGroup } from '../../../archive/jobs/job-data.js'
import type { JobQueue } from '../../../archive/queue/job-queue.js'
import { parseChatPeer } from '../../../media/chat-peer.js'
import { UsageError } from '../../context.js'

/** A chat as the archive knows it: its label and its queue group. */
export interface ArchivedChat {
  label: string
  group: string
}

/** The chats the queue has chat jobs of, by group. */
export async function archivedChats(queue: JobQueue): Promise<Map<string, string>> {
  const labels = new Map<string, string>()
  for (const job of await queue.list<ChatJobData>({ kind: 'chat' }))
    labels.set(chatGroup(job.data.chat), job.data.chat.label)
  return labels
}

/**
 * The archived chats the arguments name, without asking Telegram: a username
 * (as `archive add` took it) matches the chat's label, `-100<id>` or
 * `t.me/c/<id>` its id (an id with no jobs left is taken as it is, so a
 * removed chat can be named). Anything else is a UsageError.
 */
export async function chatsNamed(queue: JobQueue, args: string[]): Promise<ArchivedChat[]> {
  const known = await archivedChats(queue)
  return args.map((arg) => {
    const peer = parseChatPeer(arg)
    if (peer.kind === 'channel') {
      const group = chatGroup({ channelId: peer.channelId })
      return { group, label: known.get(group) ?? group }
    }
    if (peer.kind === 'invite')
      throw new UsageError(`${arg}: name an archived chat by its username or -100<id>, not an invite link`)
    const name = peer.username.toLowerCase()
    for (const [group, label] of known) if (label.toLowerCase() === name) return { group, label }
    throw new UsageError(`${arg}: no such chat in the archive (see tgfetch archive status)`)
  })
}
