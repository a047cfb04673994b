/**
 * How a peer child reports to download-peers.ts, one JSON object per line on
 * stdout: `{"progress":true,…}` every second while downloading (so a capped
 * run still has figures), then `{bytes, seconds, cpuSeconds, peakRssMiB,
 * sha256}`, or `{"error":"…"}`.
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'

export interface PeerFigures {
  bytes: number
  /** the download only, login and resolving excluded */
  seconds: number
  /** process.cpuUsage() user + system over the download */
  cpuSeconds: number
  /** process.resourceUsage().maxRSS: the whole process's peak */
  peakRssMiB: number
}

export interface PeerResult extends PeerFigures {
  sha256: string
}

const emit = (obj: object): void => {
  process.stdout.write(`${JSON.stringify(obj)}\n`)
}

/** Counts a download from start() and reports progress every second. */
export class DownloadMeter {
  bytes = 0
  private started = 0
  private cpu = process.cpuUsage()
  private ticker?: NodeJS.Timeout

  start(): void {
    this.cpu = process.cpuUsage()
    this.started = performance.now()
    const report = () => emit({ progress: true, ...this.figures() })
    report() // the first line marks the start: the parent's cap counts from here
    this.ticker = setInterval(report, 1000)
  }

  figures(): PeerFigures {
    const cpu = process.cpuUsage(this.cpu)
    return {
      bytes: this.bytes,
      seconds: (performance.now() - this.started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    }
  }

  /** the figures at the end of the download (call before hashing) */
  stop(): PeerFigures {
    clearInterval(this.ticker)
    return this.figures()
  }
}

/** Waits until a file written in the background reaches `size` bytes (GramJS does not wait for its stream). */
export async function settledSize(path: string, size: number, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs
  let now = statSync(path).size
  while (now < size && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    now = statSync(path).size
  }
  return now
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Runs a peer's job and reports its result (or error) as the last line, then exits. */
export async function runPeer(job: () => Promise<PeerResult>): Promise<never> {
  try {
    emit(await job())
    process.exit(0)
  } catch (e) {
    emit({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    process.exit(1)
  }
}
