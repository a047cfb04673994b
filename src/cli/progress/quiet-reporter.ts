import type { DownloadReporter, OutputStream } from './reporter.js'
import { terminalSafe } from './safe-text.js'

/** --quiet: nothing but failures. */
export class QuietReporter implements DownloadReporter {
  private readonly names = new Map<number, string>()

  constructor(private readonly stream: OutputStream) {}

  fileStarted(id: number, name: string): void {
    this.names.set(id, terminalSafe(name))
  }

  fileFailed(id: number, error: Error): void {
    this.stream.write(`tgfetch: ${this.names.get(id) ?? `#${id}`}: ${terminalSafe(error.message)}\n`)
  }

  progress(): void {}
  fileDone(): void {}
  fileSkipped(): void {}
  notice(): void {}
  finish(): void {}
}
