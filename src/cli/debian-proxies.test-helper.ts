/**
 * Debian's real proxies for end-to-end tests (apt-get install dante-server tinyproxy),
 * on 127.0.0.1 with generated configs; `why` says what to install when one is missing.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

export const DANTED = '/usr/sbin/danted'
export const TINYPROXY = '/usr/bin/tinyproxy'

export const missing = (path: string, pkg: string): string | undefined =>
  existsSync(path) ? undefined : `${path} missing; apt-get install ${pkg}`

export interface RunningProxy {
  port: number
  stop(): void
}

// both daemons refuse to run as root unless told whom to become
const isRoot = process.getuid?.() === 0

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

const tail = (log: string): string => (existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)')

async function listening(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}: ${tail(log)}`)
    const up = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`proxy did not listen on ${port}: ${tail(log)}`)
}

async function run(cmd: string, args: string[], port: number, log: string): Promise<RunningProxy> {
  const child = spawn(cmd, args, { stdio: 'ignore' })
  await listening(port, child, log).catch((e: unknown) => {
    child.kill('SIGTERM')
    throw e
  })
  return { port, stop: () => child.kill('SIGTERM') }
}

/** danted: SOCKS5 without authentication, CONNECT to 127.0.0.0/8 only. */
export async function startDanted(dir: string): Promise<RunningProxy> {
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
  return run(DANTED, ['-f', conf, '-N', '1', '-p', join(dir, 'danted.pid')], port, log)
}

/** tinyproxy: HTTP CONNECT with Basic authentication. */
export async function startTinyproxy(
  dir: string,
  auth: { user: string; pass: string },
): Promise<RunningProxy> {
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
      `BasicAuth ${auth.user} ${auth.pass}`,
      `LogFile "${log}"`,
      'LogLevel Info',
      `PidFile "${join(dir, 'tinyproxy.pid')}"`,
      'DisableViaHeader Yes',
      ...(isRoot ? ['User nobody', 'Group nogroup'] : []),
      '',
    ].join('\n'),
  )
  return run(TINYPROXY, ['-d', '-c', conf], port, log)
}
