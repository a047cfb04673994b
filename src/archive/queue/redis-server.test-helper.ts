/**
 * Debian's redis-server for the BullMQ queue tests (apt-get install redis-server):
 * on 127.0.0.1, a free port and its own folder, with or without an append-only file.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export const REDIS_SERVER = '/usr/bin/redis-server'

/** why the Redis tests skip, or undefined when they can run */
export const noRedis = existsSync(REDIS_SERVER)
  ? undefined
  : `${REDIS_SERVER} missing; apt-get install redis-server`

export interface RunningRedis {
  port: number
  dir: string
  /** SIGKILL: no shutdown save, no AOF rewrite */
  kill(): Promise<void>
  /** starts it again on the same port and folder (after `kill`) */
  restart(): Promise<void>
  /** stops it and removes its folder */
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

const ping = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write('PING\r\n'))
    s.setTimeout(2000, () => s.destroy())
    s.on('data', (d) => {
      s.destroy()
      resolve(d.toString().startsWith('+PONG'))
    })
    s.on('error', () => resolve(false))
    s.on('close', () => resolve(false))
  })

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()))

/** `aof`: append-only file, fsync'd on every write; otherwise nothing is persisted (`--save ''`). */
export async function startRedis(opts: { aof?: boolean } = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-redis-'))
  const port = await freePort()
  const log = join(dir, 'redis.log')
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', log],
    ...['--save', '', '--daemonize', 'no'],
    ...(opts.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ]
  let child: ChildProcess
  const launch = async (): Promise<void> => {
    child = spawn(REDIS_SERVER, args, { stdio: 'ignore' })
    // up to 30 s: the machine may be busy; it is a bound, not a measurement
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) break
      if (await ping(port)) return
      await sleep(100)
    }
    child.kill('SIGKILL')
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)'
    throw new Error(`redis-server did not answer PING on ${port}: ${tail}`)
  }
  await launch()
  return {
    port,
    dir,
    async kill() {
      child.kill('SIGKILL')
      await exited(child)
    },
    restart: launch,
    async stop() {
      child.kill('SIGTERM')
      await exited(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
