import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { AccountingSnapshot } from '../../src/testkit/accounting/accounting.js'
import type { TestkitDescription } from '../../src/testkit/serve/describe.js'

/**
 * `tgfetch testkit serve --json` as a child process of its own (its CPU is
 * neither the bench's nor a client's): the line it prints, written to a file
 * for TGFETCH_SERVERS and the peers, and its `stats` command.
 */
export class TestkitProcess {
  private readonly waiting: Array<(stats: AccountingSnapshot) => void> = []

  private constructor(
    private readonly child: ChildProcess,
    readonly line: TestkitDescription,
    readonly lineFile: string,
    lines: ReturnType<typeof createInterface>,
  ) {
    lines.on('line', (text) => {
      let event: { event?: string; stats?: AccountingSnapshot }
      try {
        event = JSON.parse(text) as typeof event
      } catch {
        return
      }
      if (event.event === 'stats' && event.stats) this.waiting.shift()?.(event.stats)
    })
  }

  static async start(opts: {
    cli: string
    profile: string
    world: string
    lineFile: string
    /** seeds the random faults (the testkit's default: 1) */
    seed?: number
  }): Promise<TestkitProcess> {
    const args = [opts.cli, 'testkit', 'serve', '--json', '--profile', opts.profile, '--world', opts.world]
    if (opts.seed !== undefined) args.push('--seed', String(opts.seed))
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      stderr = (stderr + t).slice(-4000)
    })
    const lines = createInterface({ input: child.stdout! })
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve)
      child.once('exit', (code) => reject(new Error(`testkit exited with ${code}: ${stderr.trim()}`)))
    })
    writeFileSync(opts.lineFile, `${first}\n`)
    return new TestkitProcess(child, JSON.parse(first) as TestkitDescription, opts.lineFile, lines)
  }

  /** The testkit's accounting so far. */
  stats(timeoutMs = 10_000): Promise<AccountingSnapshot> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('testkit did not answer "stats"')), timeoutMs)
      this.waiting.push((s) => {
        clearTimeout(timer)
        resolve(s)
      })
      this.child.stdin?.write('stats\n')
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((r) => this.child.once('exit', r))
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
}

/**
 * A testkit whose RSA key every client can use. mtcute 0.30.3 indexes keys
 * by a zero-padded hex fingerprint but looks them up unpadded (see
 * src/testkit/e2e/mtcute.test-helper.ts): a key whose fingerprint starts with a
 * 0 digit (1 in 16) is never found, so the testkit is started again.
 */
export async function startTestkit(
  opts: Parameters<typeof TestkitProcess.start>[0] & { forMtcute: boolean },
): Promise<TestkitProcess> {
  for (let attempt = 1; ; attempt++) {
    const testkit = await TestkitProcess.start(opts)
    const fingerprint = testkit.line.rsa.find((k) => k.cdn === undefined)?.fingerprint ?? ''
    if (!opts.forMtcute || !fingerprint.startsWith('0') || attempt >= 8) return testkit
    await testkit.stop()
  }
}

/** What the testkit counted for one user: connections that carried its upload.getFile calls, those calls, errors. */
export function accountFigures(
  stats: AccountingSnapshot,
  userId: number,
): { connections: number; getFileRequests: number; errors: Record<string, number> } {
  const account = `user:${userId}`
  const mine = stats.accounts[account]
  return {
    connections: Object.values(stats.connections).filter(
      (c) => c.account === account && (c.requests['upload.getFile'] ?? 0) > 0,
    ).length,
    getFileRequests: mine?.requests['upload.getFile'] ?? 0,
    errors: mine?.errors ?? {},
  }
}
