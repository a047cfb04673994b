/** Flags `chat` and `watch` share: the filters, and the download flags every download command has. */
import type { Command } from 'commander'
import type { FilterText } from '../../../media/filter-parse.js'
import { filterKey, type MediaFilter } from '../../../media/media-filter.js'
import { addFilterFlags } from '../../filter-flags.js'
import { addDownloadFlags, type DownloadFlags } from '../../flags.js'

/** The shared flags as commander gives them (filter values still text: checked in the action, bad ones exit 2). */
export interface ChatFlags extends FilterText, DownloadFlags {}

/** Adds the filter flags and the download flags (`template`: the command's default file names). */
export function addChatFlags(cmd: Command, template: string): Command {
  return addDownloadFlags(addFilterFlags(cmd), template)
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
