import { readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { TgfetchError } from '../errors/index.js'
import { inWorkDir, workFilesOf } from './work-files.js'

/** The process writing a download's file. */
export interface LockHolder {
  pid: number
  host: string
  /** ms since the epoch */
  since: number
}

/** Another process is writing the file (and the caller would not wait). */
export class TargetBusyError extends TgfetchError {
  readonly category = 'download'
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    super(`${path} is being downloaded by ${describeHolder(holder)}`)
  }
}

/** `process 1234`, with the host when it is another one. */
export function describeHolder(holder: LockHolder): string {
  return holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`
}

/** how often a waiter looks whether the holder is done */
const POLL_MS = 500
/** a lock file still empty after this long lost its writer between creating and filling it */
const UNFILLED_MS = 10_000
/** how often a holder touches its lock file, so that other hosts see it alive */
const HEARTBEAT_MS = 10_000
/** a lock from another host untouched for this long belongs to a holder that died (or lost the mount) */
export const STALE_MS = 6 * HEARTBEAT_MS

/**
 * The lock on the download to one path: `.tgfetch/<name>.lock`, created with
 * O_EXCL and holding the holder's pid and host. A holder that died leaves the
 * file behind; the next taker finds its pid gone (`kill(pid, 0)`) and takes
 * the lock over. A holder on another host (a shared folder) cannot be asked
 * that way: the holder touches the file every {@link HEARTBEAT_MS}, and a
 * lock untouched for {@link STALE_MS} is taken over (the hosts' clocks must
 * agree to within a few seconds).
 *
 * Why a file beside the data and not a row in the state SQLite: the state
 * database belongs to one TGFETCH_HOME and to the CLI, while anything that
 * writes into the folder (another home, another user, a library caller) must
 * see the lock; and a row outlives a killed holder just as a file does, so it
 * would need the same pid check. Left: a pid reused by an unrelated process
 * keeps a dead holder's lock until that process ends.
 */
export class TargetLock {
  private readonly heartbeat: NodeJS.Timeout

  private constructor(
    private readonly file: string,
    private readonly text: string,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => {
      const now = new Date()
      utimes(file, now, now).catch(() => {})
    }, heartbeatMs).unref()
  }

  /** Takes the lock of the download to `path`, or says who holds it. */
  static async take(path: string, heartbeatMs = HEARTBEAT_MS): Promise<TargetLock | LockHolder> {
    const file = workFilesOf(path).lock
    const me: LockHolder = { pid: process.pid, host: hostname(), since: Date.now() }
    const text = JSON.stringify(me)
    for (;;) {
      try {
        await inWorkDir(path, () => writeFile(file, text, { flag: 'wx', mode: 0o644 }))
        return new TargetLock(file, text, heartbeatMs)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
      const seen = await readLock(file)
      if (!seen) continue // released meanwhile
      if (seen.holder && isAlive(seen.holder, seen.ageMs)) return seen.holder
      if (!seen.holder && seen.ageMs < UNFILLED_MS) {
        await sleep(50) // being written by its taker right now
        continue
      }
      await removeIf(file, seen.text)
    }
  }

  /** Lets go of the lock (only if it is still this one). */
  async release(): Promise<void> {
    clearInterval(this.heartbeat)
    await removeIf(this.file, this.text)
  }
}

/** The live process holding the lock of the download to `path`; undefined when nobody does. */
export async function lockHolderOf(path: string): Promise<LockHolder | undefined> {
  const seen = await readLock(workFilesOf(path).lock)
  return seen?.holder && isAlive(seen.holder, seen.ageMs) ? seen.holder : undefined
}

/**
 * Takes the lock of the download to `path`, waiting while another process
 * holds it (`onWait` hears of each new holder); throws {@link TargetBusyError}
 * instead when `wait` is false.
 */
export async function takeTargetLock(
  path: string,
  opts: { wait: boolean; signal: AbortSignal; onWait?: (holder: LockHolder) => void },
): Promise<TargetLock> {
  let told: LockHolder | undefined
  for (;;) {
    opts.signal.throwIfAborted()
    const got = await TargetLock.take(path)
    if (got instanceof TargetLock) return got
    if (!opts.wait) throw new TargetBusyError(path, got)
    if (told?.pid !== got.pid || told.host !== got.host) opts.onWait?.(got)
    told = got
    await sleep(POLL_MS, undefined, { signal: opts.signal })
  }
}

/** Resolves once no live process holds the lock of the download to `path`. */
export async function waitForTargetFree(path: string, signal: AbortSignal): Promise<void> {
  while (await lockHolderOf(path)) await sleep(POLL_MS, undefined, { signal })
}

/** `ageMs`: since the lock file was last touched */
function isAlive(holder: LockHolder, ageMs: number): boolean {
  if (holder.host !== hostname()) return ageMs < STALE_MS
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (e) {
    // EPERM: alive, someone else's
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readLock(
  file: string,
): Promise<{ text: string; holder?: LockHolder; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)])
    return { text, holder: parseHolder(text), ageMs: Date.now() - info.mtimeMs }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>
    const valid =
      Number.isSafeInteger(h.pid) &&
      (h.pid ?? 0) > 0 &&
      typeof h.host === 'string' &&
      Number.isFinite(h.since)
    return valid ? (h as LockHolder) : undefined
  } catch {
    return undefined
  }
}

/** Removes `file` if it still says `text` (a lock taken over meanwhile is left alone). */
async function removeIf(file: string, text: string): Promise<void> {
  const now = await readFile(file, 'utf8').catch(() => undefined)
  if (now === text) await unlink(file).catch(() => {})
}
