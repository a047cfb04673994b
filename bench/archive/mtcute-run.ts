import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { TestkitDescription } from '../../src/testkit/serve/describe.js'
import type { WorldAccount } from '../../src/testkit/world/types.js'
import { sha256File } from '../runners/child-report.js'
import { measureChild } from '../runners/measure-child.js'

/** As archive-run.ts: a bound on a stuck run, not a measurement. */
const RUN_CAP_MS = 15 * 60_000

export interface PeerListRun {
  files: number
  bytes: number
  /** from its first download to its last (login and process start excluded) */
  seconds: number
  /** spawn to exit: start-up, login, listing, downloads */
  wholeSeconds: number
  /** the whole process, measured from outside like tgfetch's */
  cpuSeconds: number
  peakRssMiB: number
}

/**
 * mtcute fetching every photo of `chat` in one process (runners/mtcute-list-child.ts,
 * compiled), `jobs` at a time; each file checked against the testkit's SHA-256.
 */
export async function runMtcuteList(opts: {
  script: string
  lineFile: string
  line: TestkitDescription
  account: WorldAccount
  chat: string
  jobs: number
  out: string
}): Promise<PeerListRun> {
  const channel = opts.line.channels.find((c) => c.username === opts.chat)
  if (!channel) throw new Error(`the testkit has no ${opts.chat}`)
  rmSync(opts.out, { recursive: true, force: true })
  mkdirSync(opts.out, { recursive: true })
  const args = [opts.script, '--servers', opts.lineFile, '--phone', opts.account.phone]
  args.push(
    '--code',
    opts.account.code,
    '--channel',
    opts.chat,
    '--out',
    opts.out,
    '--jobs',
    String(opts.jobs),
  )
  const child = measureChild(process.execPath, args)
  let report: { files?: number; seconds?: number; error?: string } = {}
  child.onLine((text) => {
    try {
      const msg = JSON.parse(text) as typeof report & { progress?: boolean }
      if (!msg.progress) report = msg
    } catch {}
  })
  const cap = setTimeout(() => child.kill(), RUN_CAP_MS)
  const usage = await child.done
  clearTimeout(cap)
  if (usage.code !== 0 || report.seconds === undefined)
    throw new Error(
      `mtcute exited with ${usage.code ?? usage.signal}: ${report.error ?? usage.stderr.slice(-500)}`,
    )
  const names = new Set(readdirSync(opts.out))
  let bytes = 0
  for (const m of channel.messages) {
    const name = `${m.id}.jpg`
    if (!names.has(name)) throw new Error(`mtcute did not fetch message ${m.id}`)
    if ((await sha256File(join(opts.out, name))) !== m.media.sha256)
      throw new Error(`mtcute's message ${m.id} has the wrong SHA-256`)
    bytes += m.media.size
  }
  rmSync(opts.out, { recursive: true, force: true })
  return {
    files: channel.messages.length,
    bytes,
    seconds: report.seconds,
    wholeSeconds: usage.seconds,
    cpuSeconds: usage.cpuSeconds,
    peakRssMiB: usage.peakRssMiB,
  }
}
