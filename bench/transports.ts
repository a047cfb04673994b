/**
 * The same download over TCP and over WebSocket with TLS: the testkit on the
 * `lan` profile runs in this process, tgfetch's client (engine, fixed
 * connections) in a child process, reading the testkit's --json line as a
 * user would. A first round of every carrier warms both processes up (JIT,
 * buffers) and is not counted; then runs alternate tcp, wss, tcp, wss…; prints each run (with the
 * CPU time each side spent on it, per MB), the median MB/s of each carrier and
 * wss/tcp.
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
import { median } from './median.js'

const MIB = 1024 * 1024
interface Job {
  line: string
  phone: string
  code: string
  runs: number
  connections: number
  carriers: Carrier[]
}
/** One download: its speed, and the client's CPU time (user + system) spent on it. */
type Run = { carrier: Carrier; mbs: number; bytes: number; clientCpuMs: number; warmUp: boolean }

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
    for (let run = -1; run < job.runs; run++)
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
        const cpu0 = process.cpuUsage()
        const result = await engine.download(item!, { path, connections: job.connections }).result
        const seconds = (performance.now() - t0) / 1000
        const cpu = process.cpuUsage(cpu0)
        await engine.close()
        await sessions.close()
        rmSync(path)
        process.send?.({
          carrier,
          mbs: result.size / 1e6 / seconds,
          bytes: result.size,
          clientCpuMs: (cpu.user + cpu.system) / 1000,
          warmUp: run < 0,
        } satisfies Run)
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
  const results: Array<Run & { testkitCpuMs: number }> = []
  // the testkit's CPU between two results: one download (and the client's set-up of it)
  let serverCpu = process.cpuUsage()
  child.on('message', (run: Run) => {
    const cpu = process.cpuUsage(serverCpu)
    serverCpu = process.cpuUsage()
    const testkitCpuMs = (cpu.user + cpu.system) / 1000
    if (!run.warmUp) results.push({ ...run, testkitCpuMs })
    const perMb = (ms: number) => (ms / (run.bytes / 1e6)).toFixed(2)
    console.error(
      `${run.warmUp ? '(warm-up) ' : ''}${run.carrier.padEnd(5)} ${(run.bytes / MIB).toFixed(0)} MiB  ${run.mbs.toFixed(1)} MB/s` +
        `  CPU ms/MB: client ${perMb(run.clientCpuMs)}, testkit ${perMb(testkitCpuMs)}`,
    )
  })
  child.once('exit', async (code) => {
    const of = (c: Carrier, figure: (r: (typeof results)[number]) => number) =>
      median(results.filter((r) => r.carrier === c).map(figure))
    const mbs = (c: Carrier) => of(c, (r) => r.mbs)
    const figures = carriers.map((c) => `${c} ${mbs(c).toFixed(1)} MB/s`).join(', ')
    const ratio =
      carriers.length === 2
        ? `; ${carriers[1]}/${carriers[0]} ${((100 * mbs(carriers[1]!)) / mbs(carriers[0]!)).toFixed(0)} %`
        : ''
    console.log(`lan, ${sizeMiB} MiB, ${connections} connections, median of ${runs}: ${figures}${ratio}`)
    const cpu = carriers.map((c) => {
      const perMb = (ms: (r: (typeof results)[number]) => number) =>
        of(c, (r) => ms(r) / (r.bytes / 1e6)).toFixed(2)
      return `${c} client ${perMb((r) => r.clientCpuMs)} + testkit ${perMb((r) => r.testkitCpuMs)}`
    })
    console.log(`  CPU ms/MB (medians): ${cpu.join('; ')}`)
    await testkit.close()
    process.exit(code ?? 1)
  })
  child.send({ line, phone: account.phone, code: account.code, runs, connections, carriers } satisfies Job)
}
