import { rmSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { UsageError } from '../../usage-error.js'

/**
 * `serve --ready-file PATH`: the URL, written once the server listens, so a
 * script can wait for the file instead of guessing. Whole or absent: written
 * beside it (0600) and renamed; removed at the start (a stale one would say
 * "ready" too early) and when the process exits, however it exits (a second
 * SIGTERM, as `kill %1` sends through a wrapper like npx, exits at once).
 */
export class ReadyFile {
  constructor(private readonly path: string) {}

  /** Removes a file a previous run left. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true }).catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--ready-file ${this.path}: ${e.code ?? e.message}`)
    })
  }

  /** Removes the file now (synchronously: also from an `exit` handler). */
  remove(): void {
    rmSync(this.path, { force: true })
  }

  async write(url: string): Promise<void> {
    const temp = `${this.path}.${process.pid}.tmp`
    try {
      await rm(temp, { force: true })
      await writeFile(temp, `${url}\n`, { mode: 0o600, flag: 'wx' })
      await rename(temp, this.path)
      process.once('exit', () => this.remove())
    } catch (e) {
      await rm(temp, { force: true })
      throw new UsageError(
        `--ready-file ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      )
    }
  }
}
