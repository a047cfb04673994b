/**
 * Start-up of a whole `get`: the built CLI downloads one file from a
 * `tgfetch testkit serve` (its own process) several times, logged in once,
 * with the data folder and the code cache kept between runs as a user's are
 * (run 1 compiles the CLI and writes the cache, the later ones start from it:
 * src/cli/code-cache.ts). Per run: the time from spawn to the first part on
 * disk (the sparse `.part` file gets its first block), and the whole
 * command's MB/s against the profile's per-account limit. Prints every run
 * and the medians.
 *
 *   npx tsx bench/first-byte.ts [runs=5] [--size-mib 256] [--profile free] [--no-build]
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadProfile } from '../src/testkit/network/profiles.js'
import { ensureDist } from './peers/build.js'
import { TestkitProcess } from './peers/testkit-process.js'
import type { ProfileName } from './peers/types.js'
import { benchWorld, CHANNEL, MESSAGE, writeWorld } from './peers/world.js'

const POLL_MS = 5

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 5)
const sizeMiB = Number(flag('--size-mib') ?? 256)
const profile = (flag('--profile') ?? 'free') as ProfileName
const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'bin', 'tgfetch.js')
if (!args.includes('--no-build')) ensureDist(root, log)
const work = mkdtempSync(join(tmpdir(), 'tgfetch-bench-first-byte-'))
// the code cache too starts empty, as after an install: run 1 compiles and writes it, the others use it
const env = {
  ...process.env,
  TGFETCH_HOME: join(work, 'home'),
  TGFETCH_SERVERS: join(work, 'testkit.json'),
  TGFETCH_CODE_CACHE: join(work, 'code-cache'),
}

/** Runs the CLI; resolves with its exit code, stderr and when the first part reached the disk (ms after spawn). */
function runCli(
  argv: string[],
  partDir?: string,
): Promise<{ code: number | null; stderr: string; firstPartMs?: number; totalMs: number }> {
  const start = performance.now()
  const child = spawn(process.execPath, [cli, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (t: string) => {
    stderr += t
  })
  let firstPartMs: number | undefined
  // a sparse file has no block until a part is written into it
  const poll = setInterval(() => {
    if (!partDir || firstPartMs !== undefined) return
    try {
      for (const name of readdirSync(partDir))
        if (name.endsWith('.part') && statSync(join(partDir, name)).blocks > 0)
          firstPartMs = performance.now() - start
    } catch {}
  }, POLL_MS)
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(poll)
      resolve({ code, stderr, firstPartMs, totalMs: performance.now() - start })
    })
  })
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

const { world, accounts, file } = benchWorld(sizeMiB, profile)
const worldFile = join(work, 'world.json')
writeWorld(worldFile, world)
const limit = loadProfile(profile).accountBytesPerSecond
log(`${profile}: starting the testkit (${sizeMiB} MiB file) …`)
const testkit = await TestkitProcess.start({ cli, profile, world: worldFile, lineFile: env.TGFETCH_SERVERS })
try {
  const account = accounts.tgfetch
  const login = await runCli(['login', '--phone', account.phone, '--code', account.code])
  if (login.code !== 0) throw new Error(`login exited with ${login.code}: ${login.stderr.trim()}`)
  const firsts: number[] = []
  const shares: number[] = []
  for (let i = 1; i <= runs; i++) {
    const out = join(work, 'out')
    mkdirSync(out, { recursive: true })
    const get = await runCli(['get', `https://t.me/${CHANNEL}/${MESSAGE}`, '-o', out], join(out, '.tgfetch'))
    const size = readdirSync(out)
      .filter((n) => !n.startsWith('.'))
      .reduce((sum, n) => sum + statSync(join(out, n)).size, 0)
    rmSync(out, { recursive: true, force: true })
    if (get.code !== 0 || size !== file.size || get.firstPartMs === undefined)
      throw new Error(
        `run ${i}: get exited with ${get.code}, ${size} bytes: ${get.stderr.trim().slice(-500)}`,
      )
    const mbps = file.size / 1e6 / (get.totalMs / 1000)
    const share = limit ? (mbps * 1e6) / limit : Number.NaN
    firsts.push(get.firstPartMs)
    shares.push(share)
    log(
      `run ${i}: first part ${get.firstPartMs.toFixed(0)} ms, whole get ${(get.totalMs / 1000).toFixed(2)} s = ${mbps.toFixed(1)} MB/s (${(share * 100).toFixed(1)} % of the account limit)`,
    )
  }
  process.stdout.write(
    `${profile}, ${sizeMiB} MiB, ${runs} runs: first part median ${median(firsts).toFixed(0)} ms, whole get median ${(median(shares) * 100).toFixed(1)} % of ${(limit ?? 0) / 1e6} MB/s\n`,
  )
} finally {
  await testkit.stop()
  rmSync(work, { recursive: true, force: true })
}
