import { existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { readManifest } from '../../src/archive/manifest.js'
import type { ManifestLine } from '../../src/archive/manifest-record.js'
import type { TestkitDescription } from '../../src/testkit/serve/describe.js'
import type { ChildUsage } from '../runners/measure-child.js'
import type { Backend, BenchQueues } from './queues.js'
import type { TgfetchCli } from './tgfetch-cli.js'

/** A run that has not finished in this long is stuck, not slow: it is stopped and fails. */
const RUN_CAP_MS = 15 * 60_000

export interface ArchiveRun {
  backend: Backend
  processes: number
  files: number
  bytes: number
  /** from the first download's work file to the last process's exit */
  seconds: number
  /** from spawning the processes to the last exit: start-up, listing, downloads, exit */
  wholeSeconds: number
  /** user + system CPU of every `archive run` process (the bench's and the testkit's excluded) */
  cpuSeconds: number
  /** the largest peak RSS of one process */
  peakRssMiB: number
}

/**
 * Checks the archive of one chat against the testkit's description: every
 * media post has a `file` line in messages.jsonl whose SHA-256 (computed by
 * the engine as it downloaded) is the testkit's, and its file on disk has the
 * size. Returns the files and bytes.
 */
function verifyChat(folder: string, channel: TestkitDescription['channels'][number]) {
  const lines: ManifestLine[] = readManifest(folder)
  const files = new Map<number, { path: string; sha256: string }>()
  for (const l of lines) if (l.type === 'file') files.set(l.id, { path: l.path, sha256: l.sha256 })
  let bytes = 0
  for (const m of channel.messages) {
    const got = files.get(m.id)
    if (!got) throw new Error(`message ${m.id} has no file line in ${folder}/messages.jsonl`)
    if (got.sha256 !== m.media.sha256)
      throw new Error(`message ${m.id}: SHA-256 ${got.sha256}, not the testkit's`)
    const size = statSync(join(folder, got.path)).size
    if (size !== m.media.size) throw new Error(`message ${m.id}: ${size} bytes on disk, not ${m.media.size}`)
    bytes += size
  }
  return { files: channel.messages.length, bytes }
}

/**
 * One measured archive of `chat` into a fresh folder: the queues emptied,
 * `archive add` (not measured), then `processes` × `archive run --until-idle
 * --account <label>` started together, one account each — today's way of
 * running several accounts — and waited for.
 */
export async function runArchive(opts: {
  cli: TgfetchCli
  queues: BenchQueues
  backend: Backend
  line: TestkitDescription
  chat: string
  labels: string[]
  out: string
  /** `archive run --workers`: job loops per process (default: the CLI's) */
  jobLoops?: number
}): Promise<ArchiveRun> {
  const channel = opts.line.channels.find((c) => c.username === opts.chat)
  if (!channel) throw new Error(`the testkit has no ${opts.chat}`)
  rmSync(opts.out, { recursive: true, force: true })
  await opts.queues.reset()
  const queue = opts.queues.flags(opts.backend)
  await opts.cli.run(['archive', 'add', opts.chat, '-o', opts.out, '--account', opts.labels[0]!, ...queue])

  const loops = opts.jobLoops === undefined ? [] : ['--workers', String(opts.jobLoops)]
  const started = performance.now()
  const children = opts.labels.map((label) =>
    opts.cli.spawn(['archive', 'run', '--until-idle', '-q', '--account', label, ...loops, ...queue]),
  )
  // the engine opens its work folder beside the chat's files for the first download
  const workFolder = join(opts.out, opts.chat, '.tgfetch')
  let firstDownload: number | undefined
  const watch = setInterval(() => {
    if (firstDownload === undefined && existsSync(workFolder)) firstDownload = performance.now()
  }, 20)
  const cap = setTimeout(() => {
    for (const c of children) c.kill()
  }, RUN_CAP_MS)
  let usages: ChildUsage[]
  try {
    usages = await Promise.all(children.map((c) => c.done))
  } finally {
    clearTimeout(cap)
    clearInterval(watch)
  }
  const ended = performance.now()
  usages.forEach((u, i) => {
    if (u.code !== 0)
      throw new Error(
        `archive run --account ${opts.labels[i]} exited with ${u.code ?? u.signal}: ${u.stderr.trim().slice(-500)}`,
      )
  })
  const { files, bytes } = verifyChat(join(opts.out, opts.chat), channel)
  rmSync(opts.out, { recursive: true, force: true })
  return {
    backend: opts.backend,
    processes: opts.labels.length,
    files,
    bytes,
    seconds: (ended - (firstDownload ?? started)) / 1000,
    wholeSeconds: (ended - started) / 1000,
    cpuSeconds: usages.reduce((sum, u) => sum + u.cpuSeconds, 0),
    peakRssMiB: Math.max(...usages.map((u) => u.peakRssMiB)),
  }
}
