/** A testkit in the test's process and the real CLI in child processes, as a user runs it. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NetworkProfile } from '../testkit/network/profiles.js'
import { startTestkit } from '../testkit/network/testkit.js'
import { type DescribedMedia, describeCluster, type TestkitDescription } from '../testkit/serve/describe.js'
import { generateWorld } from '../testkit/world/generate.js'
import type { World } from '../testkit/world/types.js'
import { cliMain } from './cli-bundle.test-helper.js'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliTestkit {
  testkit: Awaited<ReturnType<typeof startTestkit>>
  line: TestkitDescription
  /** a fresh folder for this test's files */
  dir: string
  tgfetch(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>
  /** the CLI as a child process, for tests that signal it */
  spawnTgfetch(args: string[], env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams
  /** logs the first plain account of `dc` in, through no proxy */
  login(dc: number): Promise<void>
  media(channel: string, msgId: number): DescribedMedia
  close(): Promise<void>
}

// proxy variables of the machine running the tests must not reach the CLI's `auto`
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']

export async function startCliTestkit(
  seed: number,
  opts: { world?: World; profile?: string | NetworkProfile } = {},
): Promise<CliTestkit> {
  const world = opts.world ?? generateWorld({ seed, largeFileSize: 3 * 1024 * 1024 })
  const testkit = await startTestkit({ world, profile: opts.profile })
  const line = await describeCluster(testkit.cluster)
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-cli-'))
  writeFileSync(join(dir, 'servers.json'), JSON.stringify(line))
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, TGFETCH_HOME: join(dir, 'home') }
  for (const v of PROXY_VARS) delete baseEnv[v]
  baseEnv.TGFETCH_SERVERS = join(dir, 'servers.json')

  const spawnTgfetch = (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams =>
    spawn(process.execPath, [cliMain(), ...args], {
      env: { ...baseEnv, ...env },
      stdio: 'pipe',
      timeout: 60_000,
    })
  const tgfetch = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const child = spawnTgfetch(args, env)
      child.stdin.end()
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
      })
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
      })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })

  return {
    testkit,
    line,
    dir,
    tgfetch,
    spawnTgfetch,
    async login(dc) {
      const account = line.accounts.find((a) => a.dc === dc && !a.password && !a.premium)!
      const run = await tgfetch([
        '--proxy',
        'none',
        'login',
        '--phone',
        account.phone,
        '--code',
        account.code,
      ])
      if (run.code !== 0) throw new Error(`login failed: ${run.stderr}`)
    },
    media(channel, msgId) {
      const c = line.channels.find((x) => x.username === channel)!
      return c.messages.find((m) => m.id === msgId)!.media
    },
    close: () => testkit.close(),
  }
}

export const sha256File = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex')
