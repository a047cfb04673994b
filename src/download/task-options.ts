import type { PartWrite } from './target-file.js'

/** What the engine decided for one download (DownloadOptions with the engine's defaults filled in). */
export interface TaskOptions {
  path: string
  partSize?: number
  /** at most this many connections of each pool */
  connections?: number
  verify: boolean
  /** hash the whole file for the result */
  sha256: boolean
  cdn: boolean
  priority: number
  /** how often written parts are made durable and journaled, ms */
  flushMs: number
  /** no byte for this long (flood waits and pauses aside) fails the download, ms */
  stallLimitMs: number
  /** wait while another process writes the same file (else fail with TargetBusyError) */
  wait: boolean
  /** the file's head asked ahead of part 0 (DownloadOptions.headFirst) */
  headFirst: boolean
  /** that head, already asked for (DownloadEngine.prefetchHead) */
  earlyHead?: Promise<Uint8Array | undefined>
  /** goes around every write of part bytes (tests: a full disk) */
  wrapWrite?: (write: PartWrite) => PartWrite
}
