import { Command } from 'commander'
import { type ArchiveStatus, archiveStatus } from '../../../archive/archive-status.js'
import { terminalSafe } from '../../progress/safe-text.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

interface StatusFlags extends QueueFlags {
  json?: boolean
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused'] as const

function printStatus(s: ArchiveStatus): void {
  const lines = [`kind  ${STATES.join('  ')}`]
  for (const kind of ['chat', 'file'] as const)
    lines.push(
      `${kind}  ${STATES.map((state) => String(s.counts[kind][state]).padStart(state.length)).join('  ')}`,
    )
  lines.push(`bytes done ${s.bytesDone}, saved by dedup ${s.bytesSaved}`)
  for (const f of s.failed)
    lines.push(`failed ${f.kind} ${f.id} after ${f.attemptsMade} tries: ${terminalSafe(f.reason)}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

export function statusCommand(): Command {
  const cmd = new Command('status')
    .description('jobs per kind and state, failed jobs with why, bytes done and saved by dedup')
    .option('--json', 'one JSON object on stdout')
  return addQueueFlag(cmd).action(async (flags: StatusFlags, command: Command) => {
    const archive = openArchive(command, flags)
    try {
      const status = await archiveStatus(archive.queue, archive.dedup)
      if (flags.json) process.stdout.write(`${JSON.stringify(status)}\n`)
      else printStatus(status)
    } finally {
      await archive.close()
    }
  })
}
