/** Flags `chat` and `watch` share: filters, download tuning, accounts, output. */
import { type Command, Option } from 'commander'
import { checkPartSize } from '../../../download/part-plan.js'
import { FilterError, type FilterText, parseFilter } from '../../../media/filter-parse.js'
import { filterKey, MEDIA_KINDS, type MediaFilter } from '../../../media/media-filter.js'
import { UsageError } from '../../context.js'
import { checkTemplate, TemplateError } from '../../name-template.js'

/** The shared flags as commander gives them (values still text: checked in the action, bad ones exit 2). */
export interface ChatFlags extends FilterText {
  output: string
  account?: string
  accounts?: string
  connections?: string
  partSize?: string
  verify?: boolean
  json?: boolean
  quiet?: boolean
  join?: boolean
  template?: string
  wait?: boolean
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** Adds the filter flags and the download flags (the same as `get`'s where they apply). */
export function addChatFlags(cmd: Command, defaultTemplate: string): Command {
  return cmd
    .addOption(new Option('--kind <kinds>', `only these kinds: ${MEDIA_KINDS.join(', ')}`).argParser(collect))
    .addOption(new Option('--ext <exts>', 'only these file extensions, e.g. mp4,mkv').argParser(collect))
    .option('--min-size <size>', 'only files at least this big: 500K, 1.5M, 2G (1K = 1024 bytes)')
    .option('--max-size <size>', 'only files at most this big')
    .option(
      '--since <date>',
      'only posts from this moment on: 2026-01-31 or 2026-01-31T18:30 (UTC unless ±HH:MM)',
    )
    .option('--until <date>', 'only posts before this moment (a date alone includes that day)')
    .option('--from-id <id>', 'only messages with this id or a higher one')
    .option('--to-id <id>', 'only messages with this id or a lower one')
    .option(
      '--match <regex>',
      'only media whose caption or file name matches (case-insensitive, ≤ 256 chars)',
    )
    .option('-o, --output <dir>', 'folder to save into', '.')
    .option('--template <template>', `file names inside the folder (default ${defaultTemplate})`)
    .option('--account <label>', 'account to use (default: the default account)')
    .option('--accounts <a,b,…>', 'several accounts sharing every download: their limits add up')
    .option('-c, --connections <n>', 'connections per account and DC (default: learned while downloading)')
    .option('--part-size <KiB>', 'bytes per request (default 1024, less for small files)')
    .option(
      '--verify',
      "check every part, and files already there, against Telegram's hashes; print each file's SHA-256",
    )
    .option('--json', 'one JSON event per line on stdout (see docs/cli-json-events.md)')
    .option('-q, --quiet', 'print errors only')
    .option('--join', 'join the chat of an invite link (t.me/+…) this account is not in')
    .option('--no-wait', 'when another tgfetch is writing a file: exit (code 2) instead of waiting for it')
}

/** The filter the flags ask for; bad values are UsageErrors. */
export function filterFromFlags(flags: FilterText): MediaFilter {
  try {
    return parseFilter(flags)
  } catch (e) {
    if (e instanceof FilterError) throw new UsageError(`--${e.message}`)
    throw e
  }
}

/** A whole number from `min` to `max` given as `--<what>`; anything else is a UsageError. */
export function wholeNumber(text: string, what: string, min = 1, max = 2 ** 31 - 1): number {
  const n = /^\s*\d{1,10}\s*$/.test(text) ? Number(text) : Number.NaN
  if (!(n >= min && n <= max))
    throw new UsageError(`--${what}: expected a whole number from ${min} to ${max}`)
  return n
}

/** The template to name files with: the flag (checked) or `fallback`. */
export function templateFrom(flags: ChatFlags, fallback: string): string {
  const template = flags.template ?? fallback
  try {
    checkTemplate(template)
  } catch (e) {
    if (e instanceof TemplateError) throw new UsageError(e.message)
    throw e
  }
  return template
}

/** `-c` and `--part-size`, checked. */
export function tuningFromFlags(flags: ChatFlags): { connections?: number; partSize?: number } {
  const connections =
    flags.connections === undefined ? undefined : wholeNumber(flags.connections, 'connections', 1, 64)
  let partSize: number | undefined
  if (flags.partSize !== undefined) {
    try {
      partSize = checkPartSize(wholeNumber(flags.partSize, 'part-size', 4, 1024) * 1024)
    } catch {
      throw new UsageError('--part-size: a power of two from 4 to 1024 (KiB)')
    }
  }
  return { connections, partSize }
}

/**
 * The key a command's progress in a chat is remembered by (`chat --only-new`,
 * `watch`): everything that changes what is listed or where it goes.
 */
export function progressScope(
  command: 'chat' | 'watch',
  filter: MediaFilter,
  topic: number | undefined,
  out: string,
  template: string,
): string {
  return JSON.stringify({ command, filter: filterKey(filter), topic: topic ?? null, out, template })
}
