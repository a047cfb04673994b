/**
 * tgfetch against its peers (mtcute 0.30.3, GramJS 2.26.22), each downloading
 * tgfetch_media/2 from the same testkit profile in a process of its own, with
 * its default settings. See bench/README.md.
 *
 *   npx tsx bench/download-peers.ts [--profile free|premium|lan|all] [--size-mib 256]
 *       [--only tgfetch,mtcute,gramjs] [--json] [--cap-seconds 600] [--no-build] [--keep]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadProfile } from '../src/testkit/network/profiles.js'
import { compileRunners, ensureDist } from './peers/build.js'
import { parseOptions, USAGE } from './peers/options.js'
import { formatProfile } from './peers/report.js'
import { runClient } from './peers/run-client.js'
import { accountFigures, startTestkit } from './peers/testkit-process.js'
import type { ProfileRun } from './peers/types.js'
import { benchWorld, CHANNEL, fileSha256, MESSAGE, writeWorld } from './peers/world.js'

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

let opts: ReturnType<typeof parseOptions>
try {
  opts = parseOptions(process.argv.slice(2))
} catch (e) {
  log(`${(e as Error).message}\n${USAGE}`)
  process.exit(2)
}

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'bin', 'tgfetch.js')
if (opts.build) ensureDist(root, log)
const work = mkdtempSync(join(tmpdir(), 'tgfetch-bench-peers-'))
const runners = compileRunners(root, join(work, 'runners'))
const runs: ProfileRun[] = []

try {
  for (const profile of opts.profiles) {
    const { world, accounts, file } = benchWorld(opts.sizeMiB, profile)
    const worldFile = join(work, `world-${profile}.json`)
    writeWorld(worldFile, world)
    log(`${profile}: starting the testkit (${opts.sizeMiB} MiB file) …`)
    const testkit = await startTestkit({
      cli,
      profile,
      world: worldFile,
      lineFile: join(work, `testkit-${profile}.json`),
      forMtcute: opts.clients.includes('mtcute'),
    })
    const expectedSha256 = fileSha256(file)
    const described = testkit.line.channels
      .find((c) => c.username === CHANNEL)
      ?.messages.find((m) => m.id === MESSAGE)?.media
    if (described?.sha256 !== expectedSha256 || described.size !== file.size)
      throw new Error(`the testkit describes ${CHANNEL}/${MESSAGE} differently from the world written`)
    const shape = loadProfile(profile)
    const run: ProfileRun = {
      profile,
      accountBytesPerSecond: shape.accountBytesPerSecond,
      connectionBytesPerSecond: shape.connectionBytesPerSecond,
      results: [],
    }
    runs.push(run)
    try {
      for (const client of opts.clients) {
        log(`${profile}: ${client} (account ${accounts[client].phone}) …`)
        const result = await runClient(client, {
          profile,
          cli,
          runners,
          lineFile: testkit.lineFile,
          work,
          account: accounts[client],
          expectedBytes: file.size,
          expectedSha256,
          capSeconds: opts.capSeconds,
        })
        result.server = accountFigures(await testkit.stats(), accounts[client].userId)
        run.results.push(result)
        const speed = result.seconds > 0 ? (result.bytes / 1e6 / result.seconds).toFixed(1) : '–'
        log(
          `${profile}: ${client} ${speed} MB/s${result.capped ? ' (capped)' : ''}${result.error ? ` — ${result.error}` : ''}`,
        )
      }
    } finally {
      await testkit.stop()
    }
    if (!opts.json) process.stdout.write(`\n${formatProfile(run, opts.sizeMiB, opts.capSeconds)}`)
  }
  if (opts.json)
    process.stdout.write(
      `${JSON.stringify({ sizeMiB: opts.sizeMiB, capSeconds: opts.capSeconds, runs }, null, 2)}\n`,
    )
} finally {
  if (opts.keep) log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
const failed = runs.some((r) => r.results.some((x) => x.error))
process.exitCode = failed ? 1 : 0
