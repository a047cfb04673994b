import { extname } from 'node:path'
import { DiskFullError } from '../download/disk-full.js'
import type { DownloadEngine, DownloadOptions } from '../download/engine.js'
import type { DownloadResult } from '../download/events.js'
import { describeHolder, type LockHolder, TargetBusyError } from '../download/target-lock.js'
import type { TargetVerdict } from '../download/target-state.js'
import type { MediaItem } from '../media/media-item.js'
import { EXIT } from './exit-codes.js'
import type { DownloadReporter, DownloadSummary } from './progress/reporter.js'
import { formatBytes } from './progress/units.js'
import { safeJoin } from './safe-join.js'

/** One file the command wants: the media and where (relative to the output folder). */
export interface PlannedFile {
  item: MediaItem
  /** a safe relative path (name-template output) */
  relativePath: string
}

export interface RunDownloadsOptions {
  engine: DownloadEngine
  /** the output folder; every path stays inside it */
  out: string
  files: PlannedFile[]
  reporter: DownloadReporter
  /** passed to every download */
  download?: Omit<DownloadOptions, 'path' | 'signal'>
  /** Ctrl-C: downloads stop and keep their journals */
  signal: AbortSignal
}

/**
 * Where a file goes: its name, or `name (2).ext`, … when that name is taken
 * by a different file (another size, or another file's partial download).
 * A complete file of the same size means "already done".
 */
export async function choosePath(
  engine: DownloadEngine,
  out: string,
  relativePath: string,
  item: MediaItem,
  taken: Set<string>,
): Promise<{ path: string; complete: boolean }> {
  const ext = extname(relativePath)
  const stem = relativePath.slice(0, relativePath.length - ext.length)
  for (let n = 1; ; n++) {
    const path = safeJoin(out, n === 1 ? relativePath : `${stem} (${n})${ext}`)
    if (taken.has(path)) continue
    const { state } = await engine.inspectTarget(item, path)
    if (state === 'other-file' || state === 'partial-of-another') continue
    return { path, complete: state === 'complete' }
  }
}

/**
 * The exit code a run leaves (130 interrupted, with how to resume; 6 when
 * the disk filled up, with what is kept; 2 when a file was left to another
 * process, `--no-wait`; 3 when some files failed); true when everything is done.
 */
export function settleRun(run: {
  interrupted: boolean
  failed: number
  errors: Error[]
  keptBytes: number
}): boolean {
  if (run.interrupted) {
    process.stderr.write(
      `tgfetch: interrupted; ${formatBytes(run.keptBytes)} kept: run the same command again to resume\n`,
    )
    process.exitCode = EXIT.interrupted
    return false
  }
  const full = run.errors.filter((e) => e instanceof DiskFullError)
  if (full.length > 0) {
    const dirs = [...new Set(full.map((e) => e.dir))].join(', ')
    const kept = full.reduce((sum, e) => sum + e.keptBytes, 0)
    process.stderr.write(
      `tgfetch: no space left on ${dirs}: ${formatBytes(kept)} kept, run the same command again to resume
`,
    )
    process.exitCode = EXIT.diskFull
    return false
  }
  if (run.errors.some((e) => e instanceof TargetBusyError)) {
    process.exitCode = EXIT.badInput
    return false
  }
  if (run.failed > 0) {
    process.exitCode = EXIT.partial
    return false
  }
  return true
}

type CompleteFileVerdict =
  /** `sha256`: the file's, when --verify read it */
  | { kind: 'skip'; why: string; sha256?: string }
  | { kind: 'download-again'; why: string }
  | { kind: 'failed'; error: Error }

/** A file already complete is skipped, unless `verify` finds it differs from Telegram's hashes. */
async function completeFileVerdict(
  engine: DownloadEngine,
  item: MediaItem,
  path: string,
  opts: RunDownloadsOptions,
): Promise<CompleteFileVerdict> {
  if (opts.download?.verify !== true) return { kind: 'skip', why: 'already complete' }
  let verdict: TargetVerdict
  try {
    verdict = await engine.inspectTarget(item, path, {
      verify: true,
      accounts: opts.download.accounts,
      signal: opts.signal,
    })
  } catch (e) {
    return { kind: 'failed', error: new Error(`cannot check the file on disk: ${(e as Error).message}`) }
  }
  switch (verdict.state) {
    case 'complete':
      return {
        kind: 'skip',
        sha256: verdict.sha256,
        why: verdict.vouchedBytes
          ? "already complete, and it matches Telegram's hashes"
          : 'already complete (Telegram has no hashes to check it against)',
      }
    case 'differs':
      return {
        kind: 'download-again',
        why: `the file on disk differs from Telegram's at byte ${verdict.badOffset}: downloading it again (it is replaced when the new copy is complete)`,
      }
    default:
      return { kind: 'failed', error: new Error('cannot check the file on disk: it changed meanwhile') }
  }
}

/**
 * Downloads planned files through the engine, a few at a time, telling the
 * reporter everything; files already complete are skipped (with `verify`,
 * once Telegram's hashes agree, else downloaded again). Resolves with the
 * run's summary; `interrupted` when the signal stopped it.
 */
export async function runDownloads(
  opts: RunDownloadsOptions,
): Promise<
  DownloadSummary & { interrupted: boolean; errors: Error[]; results: DownloadResult[]; keptBytes: number }
> {
  const { engine, reporter } = opts
  const started = performance.now()
  const summary = { done: 0, failed: 0, skipped: 0, bytes: 0, seconds: 0 }
  const errors: Error[] = []
  const results: DownloadResult[] = []
  // bytes of the downloads Ctrl-C stopped, on disk with their journals
  let keptBytes = 0
  const taken = new Set<string>()
  const runs: Promise<void>[] = []
  // files that never reach the engine (skipped, refused) get ids of their own
  let nextLocalId = -1
  const failBeforeEngine = (shownPath: string, size: number, error: Error): void => {
    const id = nextLocalId--
    summary.failed++
    errors.push(error)
    reporter.fileStarted(id, shownPath, size)
    reporter.fileFailed(id, error)
  }
  const download = (planned: PlannedFile, path: string, differs?: string): Promise<void> => {
    const handle = engine.download(planned.item, { ...opts.download, path, signal: opts.signal })
    let announced = false
    handle.on('state', (state) => {
      if (state === 'running' && !announced) {
        announced = true
        reporter.fileStarted(handle.id, path, planned.item.size)
        if (differs) reporter.notice(handle.id, { kind: 'hash-mismatch', message: differs })
      }
    })
    handle.on('progress', (p) => {
      if (announced) reporter.progress(p)
    })
    handle.on('notice', (n) => reporter.notice(handle.id, n))
    return handle.result.then(
      (result) => {
        summary.done++
        results.push(result)
        summary.bytes += result.size - result.resumedBytes
        reporter.fileDone(handle.id, result)
      },
      (e: Error) => {
        if (opts.signal.aborted) {
          keptBytes += handle.progress().bytes
          return
        }
        summary.failed++
        errors.push(e)
        if (!announced) reporter.fileStarted(handle.id, path, planned.item.size)
        reporter.fileFailed(handle.id, e)
      },
    )
  }
  // another process writes this file: wait for it (unless --no-wait), then it is likely complete
  const afterHolder = async (planned: PlannedFile, path: string, holder: LockHolder): Promise<void> => {
    if (opts.download?.wait === false) {
      failBeforeEngine(path, planned.item.size, new TargetBusyError(path, holder))
      return
    }
    const id = nextLocalId--
    const who = describeHolder(holder)
    reporter.notice(id, { kind: 'waiting', message: `${path} is being downloaded by ${who}: waiting for it` })
    try {
      await engine.waitForTarget(path, opts.signal)
    } catch {
      return // interrupted
    }
    if ((await engine.inspectTarget(planned.item, path)).state === 'complete') {
      summary.skipped++
      reporter.fileSkipped(id, path, `completed by ${who}`)
      return
    }
    await download(planned, path)
  }
  for (const planned of opts.files) {
    let chosen: { path: string; complete: boolean }
    try {
      chosen = await choosePath(engine, opts.out, planned.relativePath, planned.item, taken)
    } catch (e) {
      failBeforeEngine(planned.relativePath, planned.item.size, e as Error)
      continue
    }
    const { path, complete } = chosen
    taken.add(path)
    // a complete file is done, unless --verify finds it differs from Telegram's
    let differs: string | undefined
    if (complete) {
      const verdict = await completeFileVerdict(engine, planned.item, path, opts)
      if (opts.signal.aborted) break
      if (verdict.kind === 'failed') {
        failBeforeEngine(path, planned.item.size, verdict.error)
        continue
      }
      if (verdict.kind === 'skip') {
        summary.skipped++
        reporter.fileSkipped(nextLocalId--, path, verdict.why, verdict.sha256)
        continue
      }
      differs = verdict.why
    } else {
      const holder = await engine.targetHolder(path)
      if (holder) {
        runs.push(afterHolder(planned, path, holder))
        continue
      }
    }
    runs.push(download(planned, path, differs))
  }
  await Promise.all(runs)
  summary.seconds = (performance.now() - started) / 1000
  reporter.finish(summary)
  return { ...summary, interrupted: opts.signal.aborted, errors, results, keptBytes }
}
