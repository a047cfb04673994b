import { TgfetchError } from '../errors/index.js'

/** The disk (or the user's quota) had no room for a part: what was written is journaled for a rerun. */
export class DiskFullError extends TgfetchError {
  readonly category = 'disk'

  constructor(
    /** the folder the file goes to */
    readonly dir: string,
    /** bytes on disk and journaled: a rerun fetches only the rest */
    readonly keptBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      `no space left on ${dir}: ${(keptBytes / 1024 / 1024).toFixed(1)} MiB kept, run again to resume`,
      options,
    )
  }
}

/** ENOSPC (no space) or EDQUOT (over quota) from a write. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}
