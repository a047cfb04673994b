import type { WorldAccount } from '../../src/testkit/world/types.js'
import { type ChildUsage, type MeasuredChild, measureChild } from '../runners/measure-child.js'

/** A minute is a bound for a command that should take a second or two, not a measurement. */
const COMMAND_TIMEOUT_MS = 60_000

/**
 * `node bin/tgfetch.js` with one data folder (TGFETCH_HOME) for every
 * process of the bench — the accounts, the local queue and the dedup store
 * are shared like on one machine — the testkit's line as TGFETCH_SERVERS
 * and no proxy. Login codes go through the environment, never argv.
 */
export class TgfetchCli {
  readonly env: NodeJS.ProcessEnv

  constructor(
    readonly cli: string,
    readonly home: string,
    lineFile: string,
  ) {
    this.env = { ...process.env, TGFETCH_HOME: home, TGFETCH_SERVERS: lineFile, TGFETCH_PROXY: 'none' }
  }

  /** Starts a command, measured from outside (CPU and RSS from /proc). */
  spawn(args: string[], env: NodeJS.ProcessEnv = {}): MeasuredChild {
    return measureChild(process.execPath, [this.cli, ...args], { env: { ...this.env, ...env } })
  }

  /** Runs a short command; throws with its stderr unless it exits with 0. */
  async run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildUsage> {
    const child = this.spawn(args, env)
    const timer = setTimeout(() => child.kill(), COMMAND_TIMEOUT_MS)
    const usage = await child.done
    clearTimeout(timer)
    if (usage.code !== 0)
      throw new Error(
        `tgfetch ${args.join(' ')} exited with ${usage.code ?? usage.signal}: ${usage.stderr.trim().slice(-500)}`,
      )
    return usage
  }

  /** Logs an account in under a label (its code from TGFETCH_CODE). */
  async login(account: WorldAccount, label: string): Promise<void> {
    await this.run(['login', '--phone', account.phone, '--label', label], { TGFETCH_CODE: account.code })
  }
}
