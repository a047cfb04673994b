import { Command } from 'commander'
import { type ArchiveStatus, archiveStatus, type ChatStatus } from '../../../archive/archive-status.js'
import { terminalSafe } from '../../progress/safe-text.js'
import { formatBytes, formatDuration, formatSpeed } from '../../progress/units.js'
import { addQueueFlag, openArchive, type QueueFlags } from './open.js'

interface StatusFlags extends QueueFlags {
  json?: boolean
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused'] as const
const CHAT_COLUMNS = ['queued', 'active', 'done', 'failed', 'paused'] as const

function chatLine(c: ChatStatus): string {
  const counts = CHAT_COLUMNS.map((k) => String(c[k]).padStart(k.length)).join('  ')
  const bytes = `${formatBytes(c.bytesDone)} / ${formatBytes(c.bytesTotal)}`
  const flags = [c.mark, c.watching ? 'watched' : undefined].filter(Boolean).join(', ')
  return `${terminalSafe(c.label).padEnd(20)}  ${counts}  ${bytes}  ${formatSpeed(c.speed)}  ETA ${formatDuration(c.etaSeconds)}${flags ? `  (${flags})` : ''}`
}

function printStatus(s: ArchiveStatus): void {
  const lines = [`archive ${s.paused ? 'paused (archive resume)' : 'running'}`]
  lines.push(`${'chat'.padEnd(20)}  ${CHAT_COLUMNS.join('  ')}  bytes done / all  speed  ETA`)
  for (const c of s.chats) lines.push(chatLine(c))
  for (const f of s.files) {
    const where = `${terminalSafe(f.chat)}/${terminalSafe(f.path)}`
    if (f.state === 'active')
      lines.push(
        `active  ${where}  ${formatBytes(f.bytes ?? 0)} / ${formatBytes(f.size)}  ${formatSpeed(f.speed ?? 0)}  ETA ${formatDuration(f.etaSeconds)}`,
      )
    else if (f.state === 'paused') lines.push(`paused  ${where}`)
  }
  lines.push(`jobs  ${STATES.join('  ')}`)
  for (const kind of ['chat', 'file'] as const)
    lines.push(
      `${kind}  ${STATES.map((state) => String(s.counts[kind][state]).padStart(state.length)).join('  ')}`,
    )
  lines.push(
    `bytes done ${s.bytesDone}, saved by dedup ${s.bytesSaved}; ${formatSpeed(s.speed)}, ETA ${formatDuration(s.etaSeconds)}`,
  )
  for (const f of s.failed)
    lines.push(
      `failed ${f.kind} ${terminalSafe(f.id)} after ${f.attemptsMade} tries: ${terminalSafe(f.reason)}`,
    )
  process.stdout.write(`${lines.join('\n')}\n`)
}

export function statusCommand(): Command {
  const cmd = new Command('status')
    .description(
      'per chat: files queued, active, done, failed, paused, bytes, speed, ETA; running and failed files (with why); bytes saved by dedup',
    )
    .option('--json', 'one JSON object on stdout')
  return addQueueFlag(cmd).action(async (flags: StatusFlags, command: Command) => {
    const archive = await openArchive(command, flags)
    try {
      const status = await archiveStatus(archive.queue, archive.dedup)
      if (flags.json) process.stdout.write(`${JSON.stringify(status)}\n`)
      else printStatus(status)
    } finally {
      await archive.close()
    }
  })
}
