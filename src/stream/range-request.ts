import parseRange from 'range-parser'

/** More ranges than this (after merging overlapping ones) get the whole representation instead. */
export const MAX_RANGES = 50

/** Both ends inclusive, as in Content-Range. */
export interface ByteRange {
  start: number
  end: number
}

export type RangePlan =
  | { kind: 'full' }
  | { kind: 'partial'; ranges: ByteRange[] }
  | { kind: 'unsatisfiable' }

const FULL: RangePlan = { kind: 'full' }
const INT_RANGE = /^(\d+)-(\d*)$/
const SUFFIX_RANGE = /^-(\d+)$/

/**
 * What a Range header asks of a representation of `size` bytes (RFC 9110
 * §14.1–14.2): malformed headers, other units and too many ranges are
 * ignored (the whole representation is served); overlapping and adjacent
 * ranges are merged.
 */
export function planRanges(header: string | undefined, size: number): RangePlan {
  if (header === undefined) return FULL
  const eq = header.indexOf('=')
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return FULL
  const specs = normalizeSpecs(header.slice(eq + 1), size)
  if (specs === undefined) return FULL
  const ranges = parseRange(size, `bytes=${specs.join(',')}`, { combine: true })
  if (ranges === -1) return { kind: 'unsatisfiable' }
  if (ranges === -2 || ranges.length > MAX_RANGES) return FULL
  return { kind: 'partial', ranges: ranges.map(({ start, end }) => ({ start, end })) }
}

/**
 * The range-specs if every one is valid RFC 9110 syntax (a last-pos below its
 * first-pos is not), else undefined. Suffixes longer than the representation
 * are cut to its size: RFC 9110 serves the whole of it, range-parser would
 * call them unsatisfiable.
 */
function normalizeSpecs(rangeSet: string, size: number): string[] | undefined {
  const specs: string[] = []
  for (const element of rangeSet.split(',')) {
    const spec = element.replace(/^[ \t]+|[ \t]+$/g, '')
    if (spec === '') continue // empty list elements are allowed (RFC 9110 §5.6.1)
    const int = INT_RANGE.exec(spec)
    if (int) {
      if (int[2] !== '' && Number(int[2]) < Number(int[1])) return undefined
      specs.push(spec)
      continue
    }
    const suffix = SUFFIX_RANGE.exec(spec)
    if (!suffix) return undefined
    specs.push(`-${Math.min(Number(suffix[1]), size)}`)
  }
  return specs.length > 0 ? specs : undefined
}
