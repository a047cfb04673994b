import type { DedupStore } from './dedup-store.js'
import type { FileJobProgress } from './job-progress.js'
import { type ChatJobData, chatGroup, type FileJobData, type FileJobResult } from './jobs/job-data.js'
import {
  ALL_JOBS,
  type GroupState,
  type Job,
  type JobCounts,
  type JobKind,
  type JobQueue,
} from './queue/job-queue.js'

/** One archived chat: its file jobs by state, its bytes, and how fast they come now. */
export interface ChatStatus {
  label: string
  channelId: number
  /** `paused` or `removed` (jobs it still ran); absent while it is worked */
  mark?: GroupState
  /** the folders it is archived into */
  folders: string[]
  /** a pass of a watched chat is due later */
  watching: boolean
  /** file jobs waiting or delayed (a retry's backoff) */
  queued: number
  active: number
  done: number
  failed: number
  paused: number
  /** bytes its completed file jobs put in place, and of all its file jobs */
  bytesDone: number
  bytesTotal: number
  /** bytes per second of its running downloads */
  speed: number
  /** seconds until its queued and running files are in, at that speed */
  etaSeconds?: number
}

/** A file job that is running, failed or paused. */
export interface FileStatus {
  id: string
  chat: string
  /** inside the chat's folder */
  path: string
  size: number
  state: 'active' | 'failed' | 'paused'
  attemptsMade: number
  /** why its last try failed */
  reason?: string
  /** while it runs: bytes on disk, bytes per second, seconds left */
  bytes?: number
  speed?: number
  etaSeconds?: number
}

export interface ArchiveStatus {
  /** the whole archive is paused (`archive pause` with no chat) */
  paused: boolean
  counts: Record<JobKind, JobCounts>
  chats: ChatStatus[]
  files: FileStatus[]
  /** every failed job: what it was and why it failed last */
  failed: Array<{ kind: JobKind; id: string; attemptsMade: number; reason: string }>
  /** bytes the completed file jobs put in place (downloaded or linked) */
  bytesDone: number
  /** bytes dedup linked instead of downloading */
  bytesSaved: number
  /** bytes per second of every running download, and the seconds left at that speed */
  speed: number
  etaSeconds?: number
}

/** A progress report older than this is a worker that stopped reporting: no speed. */
const STALE_MS = 15_000

/** How a running job is doing, from what its worker last reported. */
function running(job: Job<FileJobData>, now: number): { bytes: number; speed: number } {
  const p = job.progress as FileJobProgress | undefined
  if (!p) return { bytes: 0, speed: 0 }
  return { bytes: p.bytes, speed: now - p.at > STALE_MS ? 0 : p.speed }
}

const eta = (left: number, speed: number): number | undefined =>
  left <= 0 ? 0 : speed > 0 ? left / speed : undefined

function chatOf(statuses: Map<string, ChatStatus>, chat: ChatJobData['chat']): ChatStatus {
  const group = chatGroup(chat)
  let status = statuses.get(group)
  if (!status) {
    status = {
      label: chat.label,
      channelId: chat.channelId,
      folders: [],
      watching: false,
      queued: 0,
      active: 0,
      done: 0,
      failed: 0,
      paused: 0,
      bytesDone: 0,
      bytesTotal: 0,
      speed: 0,
    }
    statuses.set(group, status)
  }
  return status
}

/** What `archive status` shows, read from the queue and the dedup store. */
export async function archiveStatus(
  queue: JobQueue,
  dedup: Pick<DedupStore, 'dedupedBytes'>,
  now = Date.now(),
): Promise<ArchiveStatus> {
  const [chat, file, marks] = await Promise.all([queue.counts('chat'), queue.counts('file'), queue.groups()])
  const chatJobs = await queue.list<ChatJobData>({ kind: 'chat' })
  const fileJobs = await queue.list<FileJobData>({ kind: 'file' })
  const chats = new Map<string, ChatStatus>()
  for (const job of chatJobs) {
    const c = chatOf(chats, job.data.chat)
    if (!c.folders.includes(job.data.out)) c.folders.push(job.data.out)
    if (job.data.watchMs !== undefined && job.state !== 'completed' && job.state !== 'failed')
      c.watching = true
  }
  const files: FileStatus[] = []
  /** bytes still to come of each chat's queued and running files */
  const left = new Map<ChatStatus, number>()
  for (const job of fileJobs) {
    const c = chatOf(chats, job.data.chat)
    const more = (bytes: number): void => {
      left.set(c, (left.get(c) ?? 0) + bytes)
    }
    c.bytesTotal += job.data.size
    const base = {
      id: job.id,
      chat: job.data.chat.label,
      path: job.data.relativePath,
      size: job.data.size,
      attemptsMade: job.attemptsMade,
      ...(job.failedReason !== undefined ? { reason: job.failedReason } : {}),
    }
    switch (job.state) {
      case 'completed':
        c.done++
        c.bytesDone += (job.result as FileJobResult | undefined)?.bytes ?? 0
        break
      case 'active': {
        const { bytes, speed } = running(job, now)
        c.active++
        c.speed += speed
        more(job.data.size - bytes)
        files.push({ ...base, state: 'active', bytes, speed, etaSeconds: eta(job.data.size - bytes, speed) })
        break
      }
      case 'failed':
      case 'paused':
        c[job.state]++
        files.push({ ...base, state: job.state })
        break
      default:
        c.queued++
        more(job.data.size)
    }
  }
  for (const [group, c] of chats) {
    const mark = marks[group]
    if (mark) c.mark = mark
    const seconds = eta(left.get(c) ?? 0, c.speed)
    if (seconds !== undefined) c.etaSeconds = seconds
  }
  const speed = [...chats.values()].reduce((n, c) => n + c.speed, 0)
  const failedJobs = [...chatJobs, ...fileJobs].filter((j) => j.state === 'failed')
  const status: ArchiveStatus = {
    paused: marks[ALL_JOBS] === 'paused',
    counts: { chat, file },
    chats: [...chats.values()],
    files,
    failed: failedJobs.map((j) => ({
      kind: j.kind,
      id: j.id,
      attemptsMade: j.attemptsMade,
      reason: j.failedReason ?? '',
    })),
    bytesDone: [...chats.values()].reduce((n, c) => n + c.bytesDone, 0),
    bytesSaved: await dedup.dedupedBytes(),
    speed,
  }
  const total = eta(
    [...left.values()].reduce((n, b) => n + b, 0),
    speed,
  )
  if (total !== undefined) status.etaSeconds = total
  return status
}
