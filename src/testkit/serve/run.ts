import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { mtproxySecret } from '../control/mtproxy-secret.js'
import { parseFaultSpec, scheduleFaults } from '../faults/spec.js'
import { loadProfile } from '../network/profiles.js'
import { startTestkit } from '../network/testkit.js'
import { answerCommand } from './answer-command.js'
import { describeCluster, type TestkitDescription } from './describe.js'
import { loadWorldFile } from './world-file.js'

export interface TestkitServeOptions {
  /** preset name or JSON file (default `lan`) */
  profile?: string
  /** world JSON file (default: generated from the seed) */
  world?: string
  seed?: number
  json?: boolean
  /** fault specs, e.g. `drop:every=30s` (see faults/spec.ts) */
  faults?: string[]
  host?: string
  /** start an MTProxy front: its secret in hex, or true for a generated one */
  mtproxy?: string | true
  stdout?: Writable
  /** --json mode reads commands (publish, accept-qr, fault specs, stats) from here, one per line */
  stdin?: Readable
  /** stops the server (besides SIGINT/SIGTERM) */
  signal?: AbortSignal
  /** install SIGINT/SIGTERM handlers (default true) */
  handleSignals?: boolean
}

/** `tgfetch testkit serve`: runs the cluster until a signal; resolves once it is shut down. */
export async function runTestkitServe(opts: TestkitServeOptions = {}): Promise<void> {
  const out = opts.stdout ?? process.stdout
  const profile = loadProfile(opts.profile ?? 'lan')
  const world = opts.world ? loadWorldFile(opts.world) : undefined
  const specs = (opts.faults ?? []).map(parseFaultSpec)
  // checked before anything listens: a bad secret is bad input, not a half-started testkit
  const proxySecret =
    opts.mtproxy === undefined ? undefined : mtproxySecret(opts.mtproxy === true ? undefined : opts.mtproxy)
  const tk = await startTestkit({ profile, seed: opts.seed, world, host: opts.host })
  const write = (obj: unknown): void => {
    out.write(`${JSON.stringify(obj)}\n`)
  }
  const onFaultError = (spec: { name: string }, e: unknown): void => {
    const message = e instanceof Error ? e.message : String(e)
    if (opts.json) write({ event: 'fault-error', fault: spec.name, error: message })
    else process.stderr.write(`testkit: fault ${spec.name} failed: ${message}\n`)
  }
  const description = await describeCluster(tk.cluster, profile.name)
  if (proxySecret) {
    const proxy = await tk.startMtproxy(proxySecret.hex)
    description.mtproxy = { host: proxy.host, port: proxy.port, secret: proxy.secret, link: proxy.link }
  }
  if (opts.json) write(description)
  else out.write(humanSummary(description))
  const stopFaults = scheduleFaults(tk.faults, specs, onFaultError)

  const lines = opts.json && opts.stdin ? createInterface({ input: opts.stdin }) : undefined
  // one command at a time: answers come in the order of the lines
  let queue = Promise.resolve()
  lines?.on('line', (line) => {
    if (!line.trim()) return
    queue = queue.then(async () => write(await answerCommand(tk, line)))
  })

  await new Promise<void>((resolve) => {
    const handleSignals = opts.handleSignals ?? true
    const done = (): void => {
      if (handleSignals) {
        process.off('SIGINT', done)
        process.off('SIGTERM', done)
      }
      opts.signal?.removeEventListener('abort', done)
      resolve()
    }
    if (handleSignals) {
      process.once('SIGINT', done)
      process.once('SIGTERM', done)
    }
    if (opts.signal?.aborted) done()
    else opts.signal?.addEventListener('abort', done, { once: true })
  })
  stopFaults()
  lines?.close()
  await queue
  await tk.close()
}

function humanSummary(d: TestkitDescription): string {
  const lines = [`tgfetch testkit: an offline Telegram on profile "${d.profile ?? 'lan'}"`, '']
  for (const dc of d.dcs) lines.push(`  DC ${dc.id}${dc.cdn ? ' (CDN)' : ''}  ${dc.host}:${dc.port}`)
  lines.push('', `  api_id ${d.apiId}  api_hash ${d.apiHash}`)
  lines.push(`  RSA fingerprint ${d.rsa[0]?.fingerprint}  (print the PEM with --json)`, '', '  accounts:')
  for (const a of d.accounts) {
    const extra = [a.premium ? 'premium' : '', a.password ? `2FA "${a.password}"` : '']
      .filter(Boolean)
      .join(', ')
    lines.push(`    +${a.phone}  code ${a.code}  DC ${a.dc}${extra ? `  (${extra})` : ''}`)
  }
  for (const b of d.bots) lines.push(`  bot token ${b.token}`)
  if (d.mtproxy) lines.push(`  MTProxy ${d.mtproxy.link}`)
  lines.push('', '  channels:')
  for (const c of d.channels) {
    const name = c.username ? `@${c.username}` : c.invite ? `t.me/+${c.invite}` : String(c.id)
    const bytes = c.messages.reduce((sum, m) => sum + m.media.size, 0)
    lines.push(`    ${name}  ${c.messages.length} media, ${(bytes / 1e6).toFixed(1)} MB`)
  }
  lines.push('', 'Serving until Ctrl-C.', '')
  return lines.join('\n')
}
