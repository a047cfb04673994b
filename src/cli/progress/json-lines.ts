import type { OutputStream } from './reporter.js'

/** Values a `--json` event may carry. */
export type JsonFields = Record<string, string | number | boolean | null | undefined>

/** whether this process wrote its `summary` event yet */
let summaryWritten = false

/**
 * Writes one `--json` event: `event` first, `time` last (docs/cli-json-events.md).
 * Every event goes through here, so that a run ending in an error knows
 * whether its summary was written.
 */
export function writeJsonEvent(stream: OutputStream, event: string, fields: JsonFields): void {
  if (event === 'summary') summaryWritten = true
  stream.write(`${JSON.stringify({ event, ...fields, time: new Date().toISOString() })}\n`)
}

/** `--json` among the arguments (before a `--` that ends the options). */
export function jsonRequested(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end < 0 ? args : args.slice(0, end)).includes('--json')
}

/**
 * A `--json` run that an error ends: the error as an event, then the
 * summary line if the run had not written one (nothing was downloaded).
 */
export function endJsonRun(stream: OutputStream, message: string, exitCode: number): void {
  writeJsonEvent(stream, 'error', { message, exitCode })
  if (!summaryWritten)
    writeJsonEvent(stream, 'summary', { done: 0, failed: 0, skipped: 0, bytes: 0, seconds: 0 })
}
