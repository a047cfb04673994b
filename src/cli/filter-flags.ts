/** The media filter flags `chat`, `watch` and `archive add` share: declared and checked once. */
import { type Command, Option } from 'commander'
import { FilterError, type FilterText, parseFilter } from '../media/filter-parse.js'
import { MEDIA_KINDS, type MediaFilter } from '../media/media-filter.js'
import { UsageError } from './context.js'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** Adds the filter flags (values stay text: checked by {@link filterFromFlags}, bad ones exit 2). */
export function addFilterFlags(cmd: Command): Command {
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
}

/** The filter flags as typed, and nothing else of `flags` (what a job stores). */
export function filterText(flags: FilterText): FilterText {
  const keys = ['kind', 'ext', 'minSize', 'maxSize', 'since', 'until', 'fromId', 'toId', 'match'] as const
  return Object.fromEntries(
    keys.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]),
  ) as FilterText
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
