/**
 * The archive service at scale on the testkit's `free` profile (issue 12):
 * 1, 2 and 4 `tgfetch archive run` processes (one account each) archiving
 * the same chat of large files — aggregate MB/s against the sum of their
 * accounts' limits, CPU-s/GB, SQLite against Redis — and one process
 * archiving a chat of small photos against mtcute fetching the same list
 * in one process. See bench/README.md.
 *
 *   npx tsx bench/archive-scale.ts [--runs 3] [--workers 1,2,4] [--queues sqlite,redis]
 *       [--files 32] [--file-mib 32] [--photos 1000] [--jobs 8] [--only scale,photos]
 *       [--json] [--no-build] [--keep]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadProfile } from '../src/testkit/network/profiles.js'
import { type ArchiveRun, runArchive } from './archive/archive-run.js'
import { type PeerListRun, runMtcuteList } from './archive/mtcute-run.js'
import { parseScaleOptions, SCALE_USAGE } from './archive/options.js'
import { BenchQueues } from './archive/queues.js'
import { formatScale, formatSmallFiles } from './archive/report.js'
import { TgfetchCli } from './archive/tgfetch-cli.js'
import { archiveWorld, LARGE_CHAT, PHOTO_CHAT } from './archive/world.js'
import { compileRunners, ensureDist } from './peers/build.js'
import { startTestkit } from './peers/testkit-process.js'
import { writeWorld } from './peers/world.js'

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

let opts: ReturnType<typeof parseScaleOptions>
try {
  opts = parseScaleOptions(process.argv.slice(2))
} catch (e) {
  log(`${(e as Error).message}\n${SCALE_USAGE}`)
  process.exit(2)
}

const PROFILE = 'free'
const root = fileURLToPath(new URL('..', import.meta.url))
const cliPath = join(root, 'bin', 'tgfetch.js')
if (opts.build) ensureDist(root, log)
const work = mkdtempSync(join(tmpdir(), 'tgfetch-bench-archive-'))
const maxProcesses = Math.max(...opts.workers)
const { world, accounts } = archiveWorld({
  largeFiles: opts.parts.includes('scale') ? opts.files : 0,
  largeMiB: opts.fileMiB,
  photos: opts.parts.includes('photos') ? opts.photos : 0,
  accounts: maxProcesses + 1,
})
const worldFile = join(work, 'world.json')
writeWorld(worldFile, world)
const shape = loadProfile(PROFILE)
const accountLimit = shape.accountBytesPerSecond ?? Number.NaN
const scaleRuns: ArchiveRun[] = []
const tgfetchPhotos: ArchiveRun[] = []
const mtcutePhotos: PeerListRun[] = []
let failure: string | undefined

log(`starting the testkit (${PROFILE}) …`)
const testkit = await startTestkit({
  cli: cliPath,
  profile: PROFILE,
  world: worldFile,
  lineFile: join(work, 'testkit.json'),
  forMtcute: opts.parts.includes('photos'),
})
const home = join(work, 'home')
const queues = await BenchQueues.start(home, opts.queues)
try {
  const cli = new TgfetchCli(cliPath, home, testkit.lineFile)
  // accounts w1…wN for the worker processes; the last one is mtcute's
  const labels = accounts.slice(0, maxProcesses).map((_, i) => `w${i + 1}`)
  for (const [i, label] of labels.entries()) await cli.login(accounts[i]!, label)
  log(`logged in ${labels.join(', ')}`)
  const out = join(work, 'out')
  const speed = (r: ArchiveRun) =>
    `${(r.bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${(r.cpuSeconds / (r.bytes / 1e9)).toFixed(2)} CPU-s/GB`

  for (let run = 1; run <= opts.runs && opts.parts.includes('scale'); run++)
    for (const processes of opts.workers)
      for (const backend of opts.queues) {
        const r = await runArchive({
          cli,
          queues,
          backend,
          line: testkit.line,
          chat: LARGE_CHAT,
          labels: labels.slice(0, processes),
          out,
        })
        scaleRuns.push(r)
        log(`run ${run}: ${processes} × archive run on ${backend}: ${speed(r)}`)
      }

  const runners = opts.parts.includes('photos') ? compileRunners(root, join(work, 'runners')) : undefined
  for (let run = 1; run <= opts.runs && runners; run++) {
    const t = await runArchive({
      cli,
      queues,
      backend: 'sqlite',
      line: testkit.line,
      chat: PHOTO_CHAT,
      labels: labels.slice(0, 1),
      out,
      jobLoops: opts.jobs,
    })
    tgfetchPhotos.push(t)
    log(`run ${run}: photos, tgfetch ${(t.files / t.seconds).toFixed(1)} files/s`)
    const m = await runMtcuteList({
      script: runners.mtcuteList,
      lineFile: testkit.lineFile,
      line: testkit.line,
      account: accounts[maxProcesses]!,
      chat: PHOTO_CHAT,
      jobs: opts.jobs,
      out,
    })
    mtcutePhotos.push(m)
    log(`run ${run}: photos, mtcute ${(m.files / m.seconds).toFixed(1)} files/s`)
  }
} catch (e) {
  // the runs done so far are still printed below
  failure = e instanceof Error ? e.message : String(e)
} finally {
  await queues.stop()
  await testkit.stop()
  if (opts.keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

const profileText = `${PROFILE} (${shape.rttMs} ms RTT, ${(shape.connectionBytesPerSecond ?? 0) / 1e6} MB/s per connection, ${accountLimit / 1e6} MB/s per account)`
if (opts.json)
  process.stdout.write(
    `${JSON.stringify({ profile: PROFILE, opts, scaleRuns, tgfetchPhotos, mtcutePhotos }, null, 2)}\n`,
  )
else {
  if (scaleRuns.length)
    process.stdout.write(
      `\n${formatScale(scaleRuns, {
        accountBytesPerSecond: accountLimit,
        head: `== ${LARGE_CHAT}: ${opts.files} × ${opts.fileMiB} MiB on ${profileText}; one account per process; median of ${opts.runs} runs`,
      })}`,
    )
  if (tgfetchPhotos.length)
    process.stdout.write(
      `\n${formatSmallFiles(
        tgfetchPhotos,
        mtcutePhotos,
        `== ${PHOTO_CHAT}: ${opts.photos} photos of 100–300 KiB on ${PROFILE}, ${opts.jobs} at a time, one account; median of ${opts.runs} runs`,
      )}`,
    )
}
if (failure) {
  log(`failed: ${failure}`)
  process.exitCode = 1
}
