import type { DownloadNotice, DownloadProgress, DownloadResult } from '../../download/events.js'

/** The totals of one run, given to {@link DownloadReporter.finish}. */
export interface DownloadSummary {
  done: number
  failed: number
  skipped: number
  /** bytes fetched this run */
  bytes: number
  seconds: number
}

/**
 * How the CLI shows downloads. `id` is the engine's download id; names are
 * untrusted (from strangers) and every implementation makes them safe to print.
 */
export interface DownloadReporter {
  fileStarted(id: number, name: string, size: number): void
  progress(progress: DownloadProgress): void
  fileDone(id: number, result: DownloadResult): void
  fileFailed(id: number, error: Error): void
  /** a file not downloaded at all, e.g. already there; `sha256` when --verify read it */
  fileSkipped(id: number, name: string, reason: string, sha256?: string): void
  notice(id: number, notice: DownloadNotice): void
  /** the last call: draws the summary and leaves the terminal as it was */
  finish(summary: DownloadSummary): void
}

/** Where a reporter writes: process.stdout/stderr, or a fake in tests. */
export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
  rows?: number
}
