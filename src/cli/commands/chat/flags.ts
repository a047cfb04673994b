/** Flags `chat` and `watch` share: the filters, and the download flags every download command has. */
import { type Command, Option } from 'commander'
import { FilterError, type FilterText, parseFilter } from '../../../media/filter-parse.js'
import { filterKey, MEDIA_KINDS, type MediaFilter } from '../../../media/media-filter.js'
import { UsageError } from '../../context.js'
import { addDownloadFlags, type DownloadFlags } from '../../flags.js'

/** The shared flags as commander gives them (filter values still text: checked in the action, bad ones exit 2). */
export interface ChatFlags extends FilterText, DownloadFlags {}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** Adds the filter flags and the download flags (`template`: the command's default file names). */
export function addChatFlags(cmd: Command, template: string): Command {
  cmd
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
  return addDownloadFlags(cmd, template)
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
