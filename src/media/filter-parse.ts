/**
 * Filters as people type them (`--min-size 1.5M`, `--since 2026-01-01`, …)
 * turned into a {@link MediaFilter}. Untrusted text: anything odd is a
 * FilterError that says what is expected.
 */

import { TgfetchError } from '../errors/index.js'
import { MEDIA_KINDS, type MediaFilter } from './media-filter.js'
import type { MediaKind } from './media-item.js'

export class FilterError extends TgfetchError {
  readonly category = 'invalid'
}

/** Longest `--match` pattern accepted. */
export const MAX_MATCH_CHARS = 256
const MAX_MESSAGE_ID = 2 ** 31 - 1

const show = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

/** `123`, `500K`, `1.5M`, `2G`, `1GiB`, `10MB`: binary units (1K = 1024 bytes). */
export function parseSize(text: string, what = 'size'): number {
  const m = /^(\d{1,15}(?:\.\d{1,6})?)\s*(?:([kmgt])(?:i?b)?|b)?$/i.exec(text.trim())
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!) : Number.NaN
  if (!Number.isSafeInteger(bytes))
    throw new FilterError(`${what}: ${show(text)} is not a size (examples: 500K, 1.5M, 2G, 1048576)`)
  return bytes
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * `2026-01-31`, `2026-01-31T18:30`, `2026-01-31 18:30:05+02:00`: unix seconds,
 * UTC unless an offset is given. A date alone means its start, or with
 * `endOfDay` the start of the next day (so `--until` includes that day).
 */
export function parseDate(text: string, what = 'date', endOfDay = false): number {
  const fail = () =>
    new FilterError(`${what}: ${show(text)} is not a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`)
  const m = DATE.exec(text.trim())
  if (!m) throw fail()
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => Number(v ?? 0))
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute, second)
  const back = new Date(ms)
  if (
    year! < 1970 ||
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month! - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw fail()
  let offsetMinutes = 0
  const zone = m[7]
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '')
    const hours = Number(digits.slice(0, 2))
    const minutes = Number(digits.slice(2))
    if (hours > 14 || minutes > 59) throw fail()
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  const dateOnly = m[4] === undefined
  return ms / 1000 - offsetMinutes * 60 + (dateOnly && endOfDay ? 86_400 : 0)
}

/** A message id: a whole number from 1 to 2^31-1. */
export function parseMessageId(text: string, what = 'message id'): number {
  const n = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
  if (!(n >= 1 && n <= MAX_MESSAGE_ID)) throw new FilterError(`${what}: ${show(text)} is not a message id`)
  return n
}

/** `photo,video` (several values allowed): each one of {@link MEDIA_KINDS}. */
export function parseKinds(values: readonly string[]): MediaKind[] {
  const kinds = new Set<MediaKind>()
  for (const value of values.flatMap((v) => v.split(','))) {
    const kind = value.trim().toLowerCase()
    if (kind === '') continue
    if (!(MEDIA_KINDS as readonly string[]).includes(kind))
      throw new FilterError(`kind: ${show(value)} is not one of ${MEDIA_KINDS.join(', ')}`)
    kinds.add(kind as MediaKind)
  }
  if (kinds.size === 0) throw new FilterError(`kind: none given (one of ${MEDIA_KINDS.join(', ')})`)
  return [...kinds]
}

/** `mp4,.MKV` → `['mp4', 'mkv']`: letters and digits, up to 16. */
export function parseExtensions(values: readonly string[]): string[] {
  const exts = new Set<string>()
  for (const value of values.flatMap((v) => v.split(','))) {
    const ext = value.trim().replace(/^\./, '').toLowerCase()
    if (value.trim() === '') continue
    if (!/^[a-z0-9]{1,16}$/.test(ext))
      throw new FilterError(`ext: ${show(value)} is not a file extension (letters and digits, like mp4)`)
    exts.add(ext)
  }
  if (exts.size === 0) throw new FilterError('ext: none given')
  return [...exts]
}

/** A case-insensitive regular expression of at most {@link MAX_MATCH_CHARS} characters. */
export function compileMatch(text: string): RegExp {
  if (text.length === 0) throw new FilterError('match: the pattern is empty')
  if (text.length > MAX_MATCH_CHARS)
    throw new FilterError(`match: the pattern is longer than ${MAX_MATCH_CHARS} characters`)
  try {
    return new RegExp(text, 'i')
  } catch (e) {
    throw new FilterError(`match: not a regular expression (${(e as Error).message})`)
  }
}

/** The filter flags as typed; absent ones are undefined. */
export interface FilterText {
  kind?: readonly string[]
  ext?: readonly string[]
  minSize?: string
  maxSize?: string
  since?: string
  until?: string
  fromId?: string
  toId?: string
  match?: string
}

/** A checked filter from typed flags: every value parsed, every range the right way round. */
export function parseFilter(text: FilterText): MediaFilter {
  const filter: MediaFilter = {
    kinds: text.kind && parseKinds(text.kind),
    extensions: text.ext && parseExtensions(text.ext),
    minSize: text.minSize === undefined ? undefined : parseSize(text.minSize, 'min-size'),
    maxSize: text.maxSize === undefined ? undefined : parseSize(text.maxSize, 'max-size'),
    since: text.since === undefined ? undefined : parseDate(text.since, 'since'),
    until: text.until === undefined ? undefined : parseDate(text.until, 'until', true),
    fromId: text.fromId === undefined ? undefined : parseMessageId(text.fromId, 'from-id'),
    toId: text.toId === undefined ? undefined : parseMessageId(text.toId, 'to-id'),
    match: text.match === undefined ? undefined : compileMatch(text.match),
  }
  const reversed = (lo?: number, hi?: number) => lo !== undefined && hi !== undefined && lo > hi
  if (reversed(filter.minSize, filter.maxSize)) throw new FilterError('min-size is larger than max-size')
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until)
    throw new FilterError('since is not before until')
  if (reversed(filter.fromId, filter.toId)) throw new FilterError('from-id is larger than to-id')
  const present = Object.entries(filter).filter(([, v]) => v !== undefined)
  return Object.fromEntries(present) as MediaFilter
}
