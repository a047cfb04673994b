import { extname } from 'node:path'
import { KIND_EXTENSION, type MediaItem, type MediaKind } from './media-item.js'

export const MEDIA_KINDS: readonly MediaKind[] = [
  'photo',
  'video',
  'document',
  'voice',
  'round',
  'sticker',
  'audio',
  'animation',
]

/**
 * Which media of a chat to take. Every bound is optional and inclusive except
 * `until` (exclusive). Dates are unix seconds, sizes bytes.
 */
export interface MediaFilter {
  kinds?: readonly MediaKind[]
  /** lower case, without the dot */
  extensions?: readonly string[]
  minSize?: number
  maxSize?: number
  since?: number
  until?: number
  fromId?: number
  toId?: number
  /** tested on the caption and on the sender's file name */
  match?: RegExp
}

/** How much of a caption or name `match` looks at: bounds the work of any pattern. */
export const MATCH_TEXT_CHARS = 4096

/** The extension an item's file has (lower case, no dot): its name's, else its kind's usual one. */
export function extensionOf(item: Pick<MediaItem, 'fileName' | 'kind'>): string {
  const fromName = item.fileName ? extname(item.fileName).slice(1).toLowerCase() : ''
  return fromName || KIND_EXTENSION[item.kind]
}

type Filterable = Pick<MediaItem, 'kind' | 'size' | 'date' | 'caption' | 'fileName' | 'origin'>

/** Whether `item` passes every bound of `filter`. */
export function matchesFilter(item: Filterable, filter: MediaFilter): boolean {
  const id = item.origin.msgId
  if (filter.kinds && !filter.kinds.includes(item.kind)) return false
  if (filter.extensions && !filter.extensions.includes(extensionOf(item))) return false
  if (filter.minSize !== undefined && item.size < filter.minSize) return false
  if (filter.maxSize !== undefined && item.size > filter.maxSize) return false
  if (filter.since !== undefined && item.date < filter.since) return false
  if (filter.until !== undefined && item.date >= filter.until) return false
  if (filter.fromId !== undefined && id < filter.fromId) return false
  if (filter.toId !== undefined && id > filter.toId) return false
  if (filter.match) {
    const { match } = filter
    const test = (text: string): boolean => {
      match.lastIndex = 0
      return match.test(text.slice(0, MATCH_TEXT_CHARS))
    }
    if (!test(item.caption) && !(item.fileName !== undefined && test(item.fileName))) return false
  }
  return true
}

/** A stable text naming the filter: equal filters give equal keys (kinds and extensions sorted). */
export function filterKey(filter: MediaFilter): string {
  const sorted = (list?: readonly string[]) => (list ? [...new Set(list)].sort() : null)
  return JSON.stringify([
    sorted(filter.kinds),
    sorted(filter.extensions),
    filter.minSize ?? null,
    filter.maxSize ?? null,
    filter.since ?? null,
    filter.until ?? null,
    filter.fromId ?? null,
    filter.toId ?? null,
    filter.match ? `/${filter.match.source}/${filter.match.flags}` : null,
  ])
}
