import { JsonReporter } from './json-reporter.js'
import { palette } from './palette.js'
import { PlainReporter } from './plain-reporter.js'
import { QuietReporter } from './quiet-reporter.js'
import type { DownloadReporter, OutputStream } from './reporter.js'
import { TtyReporter } from './tty-reporter.js'

export interface ReporterOptions {
  /** where the display goes; its isTTY, columns and rows are read as it runs */
  stream: OutputStream
  json?: boolean
  quiet?: boolean
  env?: Readonly<Record<string, string | undefined>>
}

/**
 * --json wins over --quiet (a machine asked for events); otherwise a live
 * display on a terminal (colored unless NO_COLOR is set, https://no-color.org),
 * plain lines anywhere else and on TERM=dumb, which cannot move the cursor.
 */
export function createReporter({
  stream,
  json,
  quiet,
  env = process.env,
}: ReporterOptions): DownloadReporter {
  if (json) return new JsonReporter(stream)
  if (quiet) return new QuietReporter(stream)
  if (stream.isTTY && env.TERM !== 'dumb') return new TtyReporter(stream, palette(!env.NO_COLOR))
  return new PlainReporter(stream)
}
