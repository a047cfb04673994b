import { describe, expect, it } from 'vitest'
import {
  compileMatch,
  FilterError,
  MAX_MATCH_CHARS,
  parseDate,
  parseExtensions,
  parseFilter,
  parseKinds,
  parseMessageId,
  parseSize,
} from './filter-parse.js'

describe('parseSize', () => {
  it('reads bytes and binary units, with or without B / iB', () => {
    expect(parseSize('123')).toBe(123)
    expect(parseSize('0')).toBe(0)
    expect(parseSize('500K')).toBe(500 * 1024)
    expect(parseSize('1.5M')).toBe(1.5 * 1024 ** 2)
    expect(parseSize('2G')).toBe(2 * 1024 ** 3)
    expect(parseSize('2gib')).toBe(2 * 1024 ** 3)
    expect(parseSize(' 10 MB ')).toBe(10 * 1024 ** 2)
    expect(parseSize('1T')).toBe(1024 ** 4)
    expect(parseSize('7b')).toBe(7)
  })

  it.each([
    '',
    ' ',
    '-1',
    '1X',
    '1.2.3',
    'M',
    '1e9',
    '0x10',
    'Infinity',
    'NaN',
    '1,5M',
    '1 M B',
    '1iB',
    '9'.repeat(16),
    '999999999999999T',
    '1M; rm -rf /',
    '１M',
  ])('refuses %j with a FilterError naming the flag', (text) => {
    expect(() => parseSize(text, 'min-size')).toThrow(FilterError)
    expect(() => parseSize(text, 'min-size')).toThrow(/^min-size: .* is not a size/)
  })
})

describe('parseDate', () => {
  const utc = (iso: string) => Date.parse(iso) / 1000

  it('reads dates (UTC), times and offsets', () => {
    expect(parseDate('2026-01-01')).toBe(utc('2026-01-01T00:00:00Z'))
    expect(parseDate('2026-01-31T18:30')).toBe(utc('2026-01-31T18:30:00Z'))
    expect(parseDate('2026-01-31 18:30:05Z')).toBe(utc('2026-01-31T18:30:05Z'))
    expect(parseDate('2026-01-31T18:30:05+02:00')).toBe(utc('2026-01-31T16:30:05Z'))
    expect(parseDate('2026-01-31T18:30-0130')).toBe(utc('2026-01-31T20:00:00Z'))
    expect(parseDate('2024-02-29')).toBe(utc('2024-02-29T00:00:00Z'))
  })

  it('a date alone as an end includes that whole day; a time does not move', () => {
    expect(parseDate('2026-01-31', 'until', true)).toBe(utc('2026-02-01T00:00:00Z'))
    expect(parseDate('2026-01-31T10:00', 'until', true)).toBe(utc('2026-01-31T10:00:00Z'))
  })

  it.each([
    '',
    'yesterday',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '26-01-01',
    '2026-01-01T24:00',
    '2026-01-01T10:60',
    '2026-01-01T10:00:60',
    '2026-01-01T10:00+15:00',
    '2026-01-01T10:00+01:99',
    '1969-12-31',
    '2026-01-01T10:00:00.123Z',
    '1767225600',
    '2026-01-01 x',
    '2026-01-01\u0000',
  ])('refuses %j', (text) => {
    expect(() => parseDate(text, 'since')).toThrow(/^since: .* is not a date/)
  })
})

describe('kinds, extensions, ids, patterns', () => {
  it('kinds: comma lists and repeats, any case, deduplicated', () => {
    expect(parseKinds(['photo,VIDEO', 'photo', ' voice '])).toEqual(['photo', 'video', 'voice'])
    expect(() => parseKinds(['photos'])).toThrow(/"photos" is not one of photo, video/)
    expect(() => parseKinds([','])).toThrow(/none given/)
  })

  it('extensions: dots and case dropped; paths and odd characters refused', () => {
    expect(parseExtensions(['.MP4,mkv', 'mp4'])).toEqual(['mp4', 'mkv'])
    for (const bad of ['../x', 'tar.gz', 'a b', 'x'.repeat(17), 'é', '*'])
      expect(() => parseExtensions([bad])).toThrow(FilterError)
  })

  it('message ids: 1 … 2^31-1', () => {
    expect(parseMessageId('42')).toBe(42)
    expect(parseMessageId('2147483647')).toBe(2 ** 31 - 1)
    for (const bad of ['0', '-1', '2147483648', '1.5', '1e3', '', 'abc', '99999999999'])
      expect(() => parseMessageId(bad, 'from-id')).toThrow(/^from-id: /)
  })

  it('match: case-insensitive; empty, too long or broken patterns refused', () => {
    expect(compileMatch('Report').test('annual report.pdf')).toBe(true)
    expect(() => compileMatch('')).toThrow(/empty/)
    expect(() => compileMatch('a'.repeat(MAX_MATCH_CHARS + 1))).toThrow(/longer than 256/)
    expect(compileMatch('a'.repeat(MAX_MATCH_CHARS)).source).toHaveLength(MAX_MATCH_CHARS)
    expect(() => compileMatch('(')).toThrow(/not a regular expression/)
    expect(() => compileMatch('[z-a]')).toThrow(FilterError)
  })
})

describe('parseFilter', () => {
  it('parses every flag and leaves out the absent ones', () => {
    expect(parseFilter({})).toEqual({})
    const f = parseFilter({
      kind: ['photo'],
      ext: ['jpg'],
      minSize: '1M',
      maxSize: '2G',
      since: '2026-01-01',
      until: '2026-01-31',
      fromId: '10',
      toId: '20',
      match: 'x',
    })
    expect(f).toMatchObject({
      kinds: ['photo'],
      extensions: ['jpg'],
      minSize: 1024 ** 2,
      maxSize: 2 * 1024 ** 3,
      since: 1_767_225_600,
      until: 1_767_225_600 + 31 * 86_400,
      fromId: 10,
      toId: 20,
    })
    expect(f.match?.source).toBe('x')
  })

  it('refuses ranges the wrong way round', () => {
    expect(() => parseFilter({ minSize: '2G', maxSize: '1M' })).toThrow(/min-size is larger/)
    expect(() => parseFilter({ since: '2026-02-01', until: '2026-01-01' })).toThrow(/since is not before/)
    expect(() => parseFilter({ fromId: '20', toId: '10' })).toThrow(/from-id is larger/)
    // one day: since and until on the same date is that day
    expect(() => parseFilter({ since: '2026-01-01', until: '2026-01-01' })).not.toThrow()
  })
})
