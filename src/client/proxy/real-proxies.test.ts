/**
 * The factories against real proxies from Debian (apt-get install dante-server tinyproxy),
 * started on 127.0.0.1 with generated configs; skipped with a reason when not installed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../../testkit/cluster/cluster.js'
import { sessionVia as sessionThrough } from './proxy-servers.test-helper.js'
import { HttpProxyError, ProxyError } from './socket-factories.js'

const DANTED = '/usr/sbin/danted'
const TINYPROXY = '/usr/bin/tinyproxy'
const isRoot = process.getuid?.() === 0

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}: ${readLog(log)}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`proxy did not listen on ${port}: ${readLog(log)}`)
}

const readLog = (path: string): string =>
  existsSync(path) ? readFileSync(path, 'utf8').slice(-2000) : '(no log)'

let dir: string
let cluster: TestkitCluster
const children: ChildProcess[] = []
const anyInstalled = existsSync(DANTED) || existsSync(TINYPROXY)

beforeAll(async () => {
  if (!anyInstalled) return
  dir = mkdtempSync(join(tmpdir(), 'tgfetch-proxies-'))
  cluster = await TestkitCluster.start({ dcIds: [2], cdnDcIds: [] })
})
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM')
  await cluster?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function start(cmd: string, args: string[], port: number, log: string): Promise<void> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  children.push(child)
  child.stderr?.on('data', () => undefined)
  await waitForPort(port, child, log)
}

const danteIt = existsSync(DANTED) ? it : it.skip
const danteWhy = existsSync(DANTED) ? '' : ` (skipped: ${DANTED} missing; apt-get install dante-server)`
const tinyIt = existsSync(TINYPROXY) ? it : it.skip
const tinyWhy = existsSync(TINYPROXY) ? '' : ` (skipped: ${TINYPROXY} missing; apt-get install tinyproxy)`

describe('real SOCKS5: Dante danted', () => {
  danteIt(`carries an MTProto session through danted, no auth${danteWhy}`, async () => {
    const port = await freePort()
    const log = join(dir, 'danted.log')
    const conf = join(dir, 'danted.conf')
    writeFileSync(
      conf,
      [
        `logoutput: ${log}`,
        `internal: 127.0.0.1 port = ${port}`,
        'external: 127.0.0.1',
        'clientmethod: none',
        'socksmethod: none',
        ...(isRoot ? ['user.privileged: root', 'user.unprivileged: nobody'] : []),
        'client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }',
        'socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 command: connect }',
        'socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 }',
        '',
      ].join('\n'),
    )
    await start(DANTED, ['-f', conf, '-N', '1', '-p', join(dir, 'danted.pid')], port, log)
    expect(await sessionThrough({ kind: 'socks5', host: '127.0.0.1', port }, cluster)).toBe(2)
    // danted offers no username/password method here: asking for it must fail cleanly
    const err = await sessionThrough(
      { kind: 'socks5', host: '127.0.0.1', port, username: 'u', password: 'p' },
      cluster,
    )
      .then(() => 'connected')
      .catch((e) => e)
    // `socks` offers none+userpass, so danted may still pick "none"; either way no hang
    expect(err === 'connected' || err instanceof ProxyError).toBe(true)
  })
})

describe('real HTTP CONNECT: tinyproxy', () => {
  tinyIt(`answers 407 without credentials and tunnels with Basic auth${tinyWhy}`, async () => {
    const port = await freePort()
    const log = join(dir, 'tinyproxy.log')
    const conf = join(dir, 'tinyproxy.conf')
    writeFileSync(
      conf,
      [
        `Port ${port}`,
        'Listen 127.0.0.1',
        'Timeout 30',
        'Allow 127.0.0.1',
        'BasicAuth tguser s3cret-pass',
        `LogFile "${log}"`,
        'LogLevel Info',
        `PidFile "${join(dir, 'tinyproxy.pid')}"`,
        'DisableViaHeader Yes',
        ...(isRoot ? ['User nobody', 'Group nogroup'] : []),
        '',
      ].join('\n'),
    )
    await start(TINYPROXY, ['-d', '-c', conf], port, log)
    const noAuth = await sessionThrough({ kind: 'http', host: '127.0.0.1', port }, cluster).catch((e) => e)
    expect(noAuth).toBeInstanceOf(HttpProxyError)
    expect((noAuth as HttpProxyError).status).toBe(407)
    const proxy = {
      kind: 'http',
      host: '127.0.0.1',
      port,
      username: 'tguser',
      password: 's3cret-pass',
    } as const
    expect(await sessionThrough(proxy, cluster)).toBe(2)
  })
})
