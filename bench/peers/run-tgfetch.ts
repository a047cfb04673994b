import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { WorldAccount } from '../../src/testkit/world/types.js'
import { sha256File } from '../runners/child-report.js'
import { measureChild } from '../runners/measure-child.js'
import { CHANNEL, MESSAGE } from './world.js'

const LOGIN_TIMEOUT_S = 90

export interface TgfetchRun {
  bytes: number
  /** the download phase: from its `.part` file's appearance to the process's exit */
  seconds: number
  cpuSeconds: number
  /** the whole `get` process */
  peakRssMiB: number
  /** the whole `get` process: start-up, resolving, the download, exit */
  getProcess: { seconds: number; cpuSeconds: number }
  sha256?: string
  capped: boolean
  error?: string
  /** the MB/s `get` printed for the download alone */
  cliMBps?: number
}

/** Bytes in the `.part` files of a folder: how far a download has come. */
function partialBytes(dir: string): number {
  let sum = 0
  for (const name of readdirSync(dir)) if (name.endsWith('.part')) sum += statSync(join(dir, name)).size
  return sum
}

/**
 * tgfetch as a new user runs it: a fresh data folder, `tgfetch login --phone
 * --code`, then `tgfetch get <link> -o DIR`, both `node bin/tgfetch.js` with
 * TGFETCH_SERVERS set to the testkit's line. Only the `get` is measured (from
 * outside, by /proc); its download phase starts when the `.part` file
 * appears (saveMedia opens it just before the first getFile), which is where
 * the peers start their own clocks, and where the cap starts counting.
 */
export async function runTgfetch(opts: {
  cli: string
  lineFile: string
  account: WorldAccount
  work: string
  capSeconds: number
}): Promise<TgfetchRun> {
  const env = { ...process.env, TGFETCH_HOME: join(opts.work, 'home'), TGFETCH_SERVERS: opts.lineFile }
  const failed = (error: string): TgfetchRun => ({
    bytes: 0,
    seconds: 0,
    cpuSeconds: 0,
    peakRssMiB: 0,
    getProcess: { seconds: 0, cpuSeconds: 0 },
    capped: false,
    error,
  })

  const login = measureChild(
    process.execPath,
    [opts.cli, 'login', '--phone', opts.account.phone, '--code', opts.account.code],
    { env },
  )
  const loginTimer = setTimeout(() => login.kill(), LOGIN_TIMEOUT_S * 1000)
  const loggedIn = await login.done
  clearTimeout(loginTimer)
  if (loggedIn.code !== 0)
    return failed(
      `login exited with ${loggedIn.code ?? loggedIn.signal}: ${loggedIn.stderr.trim().slice(-500)}`,
    )

  const out = join(opts.work, 'out')
  mkdirSync(out, { recursive: true })
  const get = measureChild(
    process.execPath,
    [opts.cli, 'get', `https://t.me/${CHANNEL}/${MESSAGE}`, '-o', out],
    {
      env,
    },
  )
  let started: { seconds: number; cpuSeconds: number } | undefined
  let atCap: { bytes: number; seconds: number; cpuSeconds: number } | undefined
  let stuck = false
  let cap = setTimeout(() => {
    stuck = true
    get.kill()
  }, LOGIN_TIMEOUT_S * 1000)
  const watch = setInterval(() => {
    if (started || !readdirSync(out).some((n) => n.endsWith('.part'))) return
    started = get.sample()
    clearTimeout(cap)
    cap = setTimeout(() => {
      atCap = { bytes: partialBytes(out), ...get.sample() }
      get.kill()
    }, opts.capSeconds * 1000)
  }, 20)
  const usage = await get.done
  clearTimeout(cap)
  clearInterval(watch)
  if (stuck) return failed(`get did not start downloading within ${LOGIN_TIMEOUT_S} s`)
  const end = atCap ?? usage
  const figures = {
    seconds: end.seconds - (started?.seconds ?? 0),
    cpuSeconds: end.cpuSeconds - (started?.cpuSeconds ?? 0),
    peakRssMiB: usage.peakRssMiB,
    getProcess: { seconds: end.seconds, cpuSeconds: end.cpuSeconds },
  }
  try {
    if (atCap) return { ...figures, bytes: atCap.bytes, capped: true }
    if (usage.code !== 0)
      return {
        ...failed(`get exited with ${usage.code ?? usage.signal}: ${usage.stderr.trim().slice(-500)}`),
        ...figures,
        bytes: partialBytes(out),
      }
    const files = readdirSync(out).filter((n) => !n.endsWith('.part'))
    if (files.length !== 1) return { ...failed(`get left ${files.join(', ') || 'no file'}`), ...figures }
    const path = join(out, files[0]!)
    const mbps = /([\d.]+) MB\/s/.exec(usage.stdout)
    return {
      bytes: statSync(path).size,
      ...figures,
      sha256: await sha256File(path),
      capped: false,
      cliMBps: mbps ? Number(mbps[1]) : undefined,
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
