import { mkdir, rmdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * The hidden folder beside a download's final file where the engine keeps its
 * own files until the download is done. No media name or name template can
 * reach it (the CLI's names never start with a dot), so a sender's
 * `video.mp4.part` is just a file, never another download's data.
 */
export const WORK_DIR = '.tgfetch'

/** The engine's files for the download to one final path. */
export interface WorkFiles {
  /** the sparse data file, renamed to the final path when complete */
  partial: string
  /** which parts of `partial` are durable (see PartJournal) */
  journal: string
  /** held by the process writing `partial` (see TargetLock) */
  lock: string
}

/** every name the engine gives a file in the work folder ends with one of these, and only one */
const SUFFIXES = ['.part', '.journal', '.journal.tmp', '.lock']

/** Where the download to `path` keeps its files: `<dir>/.tgfetch/<name>.{part,journal,lock}`. */
export function workFilesOf(path: string): WorkFiles {
  const at = (suffix: string): string => join(dirname(path), WORK_DIR, `${basename(path)}${suffix}`)
  return { partial: at('.part'), journal: at('.journal'), lock: at('.lock') }
}

/** The final file name a name inside {@link WORK_DIR} works for; undefined for another name. */
export function finalNameOf(workFileName: string): string | undefined {
  const suffix = SUFFIXES.find((s) => workFileName.endsWith(s) && workFileName.length > s.length)
  return suffix && workFileName.slice(0, -suffix.length)
}

/** True for a path inside a work folder: a download must never go there. */
export function isInWorkDir(path: string): boolean {
  return basename(dirname(path)) === WORK_DIR
}

/** Removes the work folder for `path` if no download uses it any more. */
export async function dropWorkDirIfEmpty(path: string): Promise<void> {
  await rmdir(join(dirname(path), WORK_DIR)).catch(() => {})
}

/**
 * Runs `create` (which makes a file in the work folder for `path`), making the
 * folder first, and again if another download removed it meanwhile (it
 * empties when that one finishes) — also under the mkdir itself, which then
 * finds the folder it met gone (ENOENT).
 */
export async function inWorkDir<T>(path: string, create: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(join(dirname(path), WORK_DIR), { recursive: true })
      return await create()
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw e
    }
  }
}
