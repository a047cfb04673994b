import { stat } from 'node:fs/promises'
import type { MediaItem } from '../media/media-item.js'
import { fileKeyOf } from './file-key.js'
import { PartJournal } from './part-journal.js'
import type { StoredCheck } from './stored-check.js'
import { workFilesOf } from './work-files.js'

/**
 * What a path holds for a media item:
 * - `absent`: nothing of ours; a download may go there
 * - `complete`: a file of the item's size (done, unless a check says otherwise)
 * - `partial-of-this`: an unfinished download of this item; downloading there resumes it
 * - `partial-of-another`: an unfinished download of another file
 * - `other-file`: something else (another size, a folder)
 */
export type TargetState = 'absent' | 'complete' | 'partial-of-this' | 'partial-of-another' | 'other-file'

/** What is at `path` for `item`, by its size and its download's journal. */
export async function inspectTarget(item: MediaItem, path: string): Promise<TargetState> {
  const size = await sizeAt(path)
  if (size === item.size) return 'complete'
  if (size !== undefined) return 'other-file'
  const owner = await PartJournal.ownerAt(workFilesOf(path).journal)
  if (owner === undefined) return 'absent'
  return owner === fileKeyOf(item) ? 'partial-of-this' : 'partial-of-another'
}

/** A path's state, with a complete file checked against Telegram's hashes when asked. */
export type TargetVerdict =
  | { state: Exclude<TargetState, 'complete'> }
  /**
   * `vouchedBytes`: bytes Telegram's hashes vouched for, when checked (0: it
   * has none for this file); `sha256`: the file's, when checked
   */
  | { state: 'complete'; vouchedBytes?: number; sha256?: string }
  /** the item's size, not its bytes: download it again */
  | { state: 'differs'; badOffset: number }

/** {@link inspectTarget}, and a complete file checked with `check` when given. */
export async function judgeTarget(
  item: MediaItem,
  path: string,
  check?: () => Promise<StoredCheck>,
): Promise<TargetVerdict> {
  const state = await inspectTarget(item, path)
  if (state !== 'complete') return { state }
  if (!check) return { state }
  const { vouchedBytes, badOffset, sha256 } = await check()
  return badOffset === undefined ? { state, vouchedBytes, sha256 } : { state: 'differs', badOffset }
}

/** The size of the file at `path`; -1 for something that is not a file; undefined for nothing. */
async function sizeAt(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path)
    return s.isFile() ? s.size : -1
  } catch {
    return undefined
  }
}
