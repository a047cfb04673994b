/**
 * Runs a command as a child process and measures it from the outside, with
 * nothing installed: wall-clock time, CPU (utime + stime from
 * /proc/<pid>/stat) and peak RSS (VmHWM from /proc/<pid>/status), sampled
 * every 50 ms while it runs — the last sample before the exit stands, so the
 * CPU figure may miss up to one interval. Linux only.
 *
 *   npx tsx bench/runners/measure-child.ts -- node bin/tgfetch.js get … -o dir
 *
 * prints the child's output, then one JSON line on stderr:
 * {"code","signal","seconds","cpuSeconds","peakRssMiB"}.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const SAMPLE_MS = 50

export interface ChildUsage {
  code: number | null
  signal: NodeJS.Signals | null
  /** wall-clock from spawn to exit */
  seconds: number
  cpuSeconds: number
  peakRssMiB: number
  /** kill() was called */
  killed: boolean
  stdout: string
  stderr: string
}

export interface MeasuredChild {
  pid: number | undefined
  done: Promise<ChildUsage>
  /** the latest sample, e.g. just before a cap kills the child */
  sample(): { seconds: number; cpuSeconds: number; peakRssMiB: number }
  /** SIGTERM, then SIGKILL 3 s later */
  kill(): void
  /** called with every line the child writes on stdout */
  onLine(listener: (line: string) => void): void
}

let ticks: number | undefined
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

/** utime + stime of a live process, in seconds (fields 14 and 15; the name in parentheses may hold spaces). */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / clockTicks()
  } catch {
    return undefined
  }
}

/** VmHWM (the peak resident set) of a live process, in MiB. */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

const KEEP = 64 * 1024
const keepTail = (text: string): string => (text.length > KEEP ? text.slice(-KEEP) : text)

export function measureChild(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean } = {},
): MeasuredChild {
  const started = performance.now()
  const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let cpuSeconds = 0
  let peakRssMiB = 0
  let killed = false
  let stdout = ''
  let stderr = ''
  let partial = ''
  const listeners: Array<(line: string) => void> = []
  const sample = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      cpuSeconds = cpuOf(child.pid) ?? cpuSeconds
      peakRssMiB = Math.max(peakRssMiB, peakRssOf(child.pid) ?? 0)
    }
    return { seconds: (performance.now() - started) / 1000, cpuSeconds, peakRssMiB }
  }
  const timer = setInterval(sample, SAMPLE_MS)
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    if (opts.echo) process.stdout.write(text)
    stdout = keepTail(stdout + text)
    const lines = (partial + text).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) for (const l of listeners) l(line)
  })
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (opts.echo) process.stderr.write(text)
    stderr = keepTail(stderr + text)
  })
  const done = new Promise<ChildUsage>((resolve, reject) => {
    child.once('error', (e) => {
      clearInterval(timer)
      reject(e)
    })
    child.once('close', (code, signal) => {
      clearInterval(timer)
      const seconds = (performance.now() - started) / 1000
      resolve({ code, signal, seconds, cpuSeconds, peakRssMiB, killed, stdout, stderr })
    })
  })
  return {
    pid: child.pid,
    done,
    sample,
    kill() {
      sample()
      killed = true
      child.kill('SIGTERM')
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }, 3000).unref()
    },
    onLine(listener) {
      listeners.push(listener)
    },
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dash = process.argv.indexOf('--')
  const [command, ...args] = process.argv.slice(dash >= 0 ? dash + 1 : 2)
  if (!command) {
    process.stderr.write('usage: measure-child.ts -- COMMAND [ARGS…]\n')
    process.exit(2)
  }
  const usage = await measureChild(command, args, { echo: true }).done
  const { stdout: _o, stderr: _e, killed: _k, ...report } = usage
  process.stderr.write(`${JSON.stringify(report)}\n`)
  process.exitCode = usage.code ?? 1
}
