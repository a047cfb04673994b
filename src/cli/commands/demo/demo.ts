import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep } from '../../../async/index.js'
import type { AccountSessions } from '../../../client/account-session.js'
import { igeBackend } from '../../../crypto/index.js'
import { DownloadEngine } from '../../../download/engine.js'
import type { MediaItem } from '../../../media/media-item.js'
import { resolveLink } from '../../../media/resolve.js'
import {
  generateWorld,
  SyntheticContent,
  startTestkit,
  type World,
  type WorldAccount,
} from '../../../testkit/index.js'
import { runDownloads } from '../../download-run.js'
import { fileNameFor } from '../../file-names.js'
import { createReporter } from '../../progress/create-reporter.js'
import { type TestkitClient, testkitClient } from './testkit-client.js'

const MIB = 1024 * 1024
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`)
}
const mbps = (bytesPerSecond: number): string => `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`

export interface DemoOptions {
  /** the large file, MiB (default 256) */
  sizeMiB?: number
  /** seconds the single-connection client gets (default 6) */
  baselineSeconds?: number
  /** network profile of the embedded testkit (default free) */
  profile?: string
}

/** Logs one of the world's accounts in with our own client, as `tgfetch login` does. */
async function logIn(
  world: World,
  client: TestkitClient,
  pick: (a: WorldAccount) => boolean,
): Promise<AccountSessions> {
  const a = world.accounts.find((x) => pick(x) && !x.password)
  if (!a) throw new Error('the demo world has no such account')
  const sessions = await client.logIn(a)
  out(`  logged in as ${a.firstName} (${a.phone}), home DC ${sessions.account.homeDc}`)
  return sessions
}

/** What one connection gets on the same profile: our engine held to a single connection for a few seconds. */
async function singleConnectionSpeed(
  sessions: AccountSessions,
  item: MediaItem,
  dir: string,
  seconds: number,
): Promise<number> {
  const engine = new DownloadEngine({ accounts: [sessions], maxConnectionsPerDc: 1 })
  const handle = engine.download(item, { path: join(dir, 'single-connection.bin'), connections: 1 })
  await sleep(seconds * 1000)
  const { bytes, resumedBytes } = handle.progress()
  handle.cancel()
  await engine.close()
  return (bytes - resumedBytes) / seconds
}

/**
 * The first-run demo: an offline Telegram (the testkit) on 127.0.0.1 with a
 * free account's limits, a login, an album and a large file downloaded with
 * live progress, every SHA-256 checked, and the speed next to what a
 * single-connection client gets in the same setting.
 */
export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  const sizeMiB = opts.sizeMiB ?? 256
  const profile = opts.profile ?? 'free'
  const world = generateWorld({ seed: 2026, largeFileSize: sizeMiB * MIB })
  const testkit = await startTestkit({ profile, world, seed: 2026 })
  const { network } = testkit
  const limit = network.profile.accountBytesPerSecond
  // the first line fits 100 columns: the limits get a line of their own
  out('tgfetch demo — an offline Telegram (the testkit) on 127.0.0.1')
  out(
    `  "${profile}" profile${limit ? `: ${mbps(limit)} per account, ${mbps(network.profile.connectionBytesPerSecond ?? 0)} per connection` : ''}`,
  )
  out(`  AES-IGE: ${igeBackend()}`)
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-demo-'))
  const client = testkitClient(testkit, world, dir)
  try {
    const me = await logIn(world, client, (a) => a.dc === 2 && !a.premium)
    const home = await me.home()
    const album = await resolveLink(home, 'https://t.me/tgfetch_media/10')
    const [big] = await resolveLink(home, 'https://t.me/tgfetch_media/2')
    if (!big) throw new Error('the demo channel has no large file')
    out(`  t.me/tgfetch_media/10: an album of ${album.length}; t.me/tgfetch_media/2: ${sizeMiB} MiB`)
    out()

    const engine = new DownloadEngine({ accounts: [me], sha256: true })
    const downloads = join(dir, 'downloads')
    const files = [...album, big].map((item) => ({ item, relativePath: fileNameFor(item, 'tgfetch_media') }))
    const started = performance.now()
    const run = await runDownloads({
      engine,
      out: downloads,
      files,
      reporter: createReporter({ stream: process.stdout }),
      signal: new AbortController().signal,
    })
    await engine.close()
    const seconds = (performance.now() - started) / 1000
    out()
    let verified = 0
    let bigSpeed = 0
    for (const { item, relativePath } of files) {
      const result = run.results.find((r) => r.path === join(downloads, relativePath))
      const file = client.fileOf(item)
      if (result?.sha256 === new SyntheticContent(file.id, file.size).sha256()) verified++
      else
        out(
          `  ✘ ${relativePath}: SHA-256 ${result?.sha256 ?? '(not downloaded)'} does not match the testkit's file`,
        )
      if (item === big && result) bigSpeed = result.averageSpeed
    }
    out(
      `  SHA-256: ${verified} of ${files.length} files match the testkit's own copies ${verified === files.length ? '✔' : '✘'}`,
    )

    out(
      `  measuring what a single-connection client gets with another account, ${opts.baselineSeconds ?? 6} s…`,
    )
    const other = await logIn(world, client, (a) => a.dc === 1 && !a.premium)
    const [bigAgain] = await resolveLink(await other.home(), 'https://t.me/tgfetch_media/2')
    const single = await singleConnectionSpeed(other, bigAgain!, dir, opts.baselineSeconds ?? 6)
    out()
    out(
      `  tgfetch:           ${mbps(bigSpeed)} on the ${sizeMiB} MiB file (${run.done} files in ${seconds.toFixed(1)} s)`,
    )
    out(`  single connection: ${mbps(single)}  → tgfetch is ×${(bigSpeed / Math.max(1, single)).toFixed(1)}`)
    if (limit)
      out(
        `  account limit:     ${mbps(limit)}  → tgfetch used ${((bigSpeed / limit) * 100).toFixed(0)} % of it`,
      )
    out()
    out(`Files are in ${downloads}. The same commands against your own account:`)
    out('  export TGFETCH_API_ID=…  TGFETCH_API_HASH=…     # from https://my.telegram.org')
    out('  npx tgfetch login                               # phone + code (+ 2FA), or --qr')
    out('  npx tgfetch get https://t.me/<channel>/<post> -o downloads')
    if (verified !== files.length || run.failed > 0) process.exitCode = 1
  } finally {
    await client.close()
    await testkit.close()
  }
}
