/**
 * The same download over TCP and over WebSocket with TLS: the testkit on the
 * `lan` profile runs in this process, tgfetch's client (engine, fixed
 * connections) in a child process, reading the testkit's --json line as a
 * user would. Runs alternate tcp, wss, tcp, wss…; prints each run, the
 * median MB/s of each carrier and wss/tcp.
 *
 *   npx tsx bench/transports.ts [MiB=64] [runs=3] [connections=4] [carriers=tcp,wss]
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AccountSessions } from '../src/client/account-session.js'
import { loginWithPhone } from '../src/client/auth/login.js'
import { saveLogin } from '../src/client/auth/save-login.js'
import { DcConnector } from '../src/client/dc-connector.js'
import type { Carrier } from '../src/client/servers/carriers.js'
import { serverListFromTestkitLine } from '../src/client/servers/testkit-line.js'
import { AccountStore } from '../src/client/storage/account-store.js'
import { openStateDatabase } from '../src/client/storage/database.js'
import { DownloadEngine } from '../src/download/engine.js'
import { resolveLink } from '../src/media/resolve.js'
import { loadProfile } from '../src/testkit/network/profiles.js'
import { startTestkit } from '../src/testkit/network/testkit.js'
import { describeCluster } from '../src/testkit/serve/describe.js'
import { generateWorld } from '../src/testkit/world/generate.js'

const MIB = 1024 * 1024
interface Job {
  line: string
  phone: string
  code: string
  runs: number
  connections: number
  carriers: Carrier[]
}
type Run = { carrier: Carrier; mbs: number; bytes: number }

if (process.argv[2] === '--client') {
  process.once('message', async (job: Job) => {
    const servers = serverListFromTestkitLine(job.line)
    const { apiId, apiHash } = servers
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-bench-transports-'))
    const store = new AccountStore(openStateDatabase(dir))
    const login = await loginWithPhone(new DcConnector({ servers, apiId: apiId!, transport: 'tcp' }), {
      phone: job.phone,
      apiHash: apiHash!,
      code: async () => job.code,
      firstDc: 2,
    })
    login.session.close()
    const account = saveLogin(store, login, { label: 'bench', kind: 'user', phone: job.phone })
    for (let run = 0; run < job.runs; run++)
      for (const carrier of job.carriers) {
        const sessions = new AccountSessions(
          account,
          store,
          new DcConnector({ servers, apiId: apiId!, transport: carrier }),
        )
        const engine = new DownloadEngine({ accounts: [sessions] })
        const [item] = await sessions.onHome((home) => resolveLink(home, 'https://t.me/tgfetch_media/2'))
        const path = join(dir, `${carrier}-${run}`)
        const t0 = performance.now()
        const result = await engine.download(item!, { path, connections: job.connections }).result
        const seconds = (performance.now() - t0) / 1000
        await engine.close()
        await sessions.close()
        rmSync(path)
        process.send?.({ carrier, mbs: result.size / 1e6 / seconds, bytes: result.size } satisfies Run)
      }
    rmSync(dir, { recursive: true })
    process.exit(0)
  })
} else {
  const sizeMiB = Number(process.argv[2] ?? 64)
  const runs = Number(process.argv[3] ?? 3)
  const connections = Number(process.argv[4] ?? 4)
  const carriers = (process.argv[5] ?? 'tcp,wss').split(',') as Carrier[]
  const world = generateWorld({ seed: 1, largeFileSize: sizeMiB * MIB })
  const testkit = await startTestkit({ profile: loadProfile('lan'), world })
  const line = JSON.stringify(await describeCluster(testkit.cluster, 'lan'))
  const account = world.accounts.find((a) => a.dc === 2 && !a.password && !a.premium)!
  const child = fork(new URL(import.meta.url).pathname, ['--client'], { execArgv: process.execArgv })
  const results: Run[] = []
  child.on('message', (run: Run) => {
    results.push(run)
    console.error(`${run.carrier.padEnd(5)} ${(run.bytes / MIB).toFixed(0)} MiB  ${run.mbs.toFixed(1)} MB/s`)
  })
  child.once('exit', async (code) => {
    const median = (c: Carrier) => {
      const xs = results
        .filter((r) => r.carrier === c)
        .map((r) => r.mbs)
        .sort((a, b) => a - b)
      return xs[Math.floor(xs.length / 2)] ?? Number.NaN
    }
    const figures = carriers.map((c) => `${c} ${median(c).toFixed(1)} MB/s`).join(', ')
    const ratio =
      carriers.length === 2
        ? `; ${carriers[1]}/${carriers[0]} ${((100 * median(carriers[1]!)) / median(carriers[0]!)).toFixed(0)} %`
        : ''
    console.log(`lan, ${sizeMiB} MiB, ${connections} connections, median of ${runs}: ${figures}${ratio}`)
    await testkit.close()
    process.exit(code ?? 1)
  })
  child.send({ line, phone: account.phone, code: account.code, runs, connections, carriers } satisfies Job)
}
