/**
 * Start-up of the built CLI against a bare Node in the same run: the median
 * wall time of `tgfetch --help`, `tgfetch get --help` and `node -e 0` over
 * several alternating runs, and the ratios (target: --help ≤ 2.7 × node -e 0).
 * The CLI's code cache (src/cli/code-cache.ts) lives in a folder of this run,
 * written by an uncounted first run of each case, as a user's first run writes it.
 *
 *   npm run build && npx tsx bench/startup.ts [runs]
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const runs = Number(process.argv[2] ?? 15)
const bin = fileURLToPath(new URL('../bin/tgfetch.js', import.meta.url))
if (!existsSync(fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url)))) {
  process.stderr.write('build first: npm run build\n')
  process.exit(2)
}

const cases: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'tgfetch --help': [bin, '--help'],
  'tgfetch get --help': [bin, 'get', '--help'],
}

const codeCache = mkdtempSync(join(tmpdir(), 'tgfetch-bench-startup-'))
process.on('exit', () => rmSync(codeCache, { recursive: true, force: true }))
const env = { ...process.env, TGFETCH_CODE_CACHE: codeCache }

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint()
  const run = spawnSync(process.execPath, args, { stdio: 'ignore', env })
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

for (const args of Object.values(cases)) timeOnce(args)
const samples = new Map(Object.keys(cases).map((k) => [k, [] as number[]]))
for (let i = 0; i < runs; i++)
  for (const [name, args] of Object.entries(cases)) samples.get(name)?.push(timeOnce(args))
const bare = median(samples.get('node -e 0') ?? [])
for (const [name, xs] of samples) {
  const m = median(xs)
  process.stdout.write(
    `${name.padEnd(20)} ${m.toFixed(0).padStart(5)} ms  ×${(m / bare).toFixed(2)} node -e 0\n`,
  )
}
