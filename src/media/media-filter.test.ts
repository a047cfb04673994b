import type { tl } from '@mtcute/tl'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { extensionOf, filterKey, MATCH_TEXT_CHARS, type MediaFilter, matchesFilter } from './media-filter.js'
import type { MediaItem } from './media-item.js'

const channel: tl.RawInputChannel = { _: 'inputChannel', channelId: 1, accessHash: Long.ONE }
const item = (over: Partial<MediaItem> = {}): MediaItem => ({
  kind: 'document',
  size: 1000,
  mime: 'application/pdf',
  fileName: 'Report.PDF',
  dcId: 2,
  location: {
    _: 'inputDocumentFileLocation',
    id: Long.ONE,
    accessHash: Long.ONE,
    fileReference: new Uint8Array(),
    thumbSize: '',
  },
  origin: { channel, msgId: 50 },
  date: 1_767_225_600,
  caption: 'quarterly numbers',
  ...over,
})

describe('matchesFilter', () => {
  it('an empty filter takes everything', () => {
    expect(matchesFilter(item(), {})).toBe(true)
  })

  it.each<[string, MediaFilter, boolean]>([
    ['kind in', { kinds: ['document', 'photo'] }, true],
    ['kind out', { kinds: ['photo'] }, false],
    ['extension, case-insensitive', { extensions: ['pdf'] }, true],
    ['other extension', { extensions: ['zip'] }, false],
    ['min size inclusive', { minSize: 1000 }, true],
    ['min size above', { minSize: 1001 }, false],
    ['max size inclusive', { maxSize: 1000 }, true],
    ['max size below', { maxSize: 999 }, false],
    ['since inclusive', { since: 1_767_225_600 }, true],
    ['since after', { since: 1_767_225_601 }, false],
    ['until exclusive', { until: 1_767_225_600 }, false],
    ['until after', { until: 1_767_225_601 }, true],
    ['from id inclusive', { fromId: 50 }, true],
    ['from id above', { fromId: 51 }, false],
    ['to id inclusive', { toId: 50 }, true],
    ['to id below', { toId: 49 }, false],
    ['match on caption', { match: /QUARTERLY/i }, true],
    ['match on file name', { match: /^report\.pdf$/i }, true],
    ['no match', { match: /holiday/i }, false],
    [
      'all bounds together',
      { kinds: ['document'], extensions: ['pdf'], minSize: 1, maxSize: 2000, fromId: 1, toId: 99 },
      true,
    ],
  ])('%s', (_name, filter, expected) => {
    expect(matchesFilter(item(), filter)).toBe(expected)
  })

  it('a global regex gives the same answer every time (lastIndex is reset)', () => {
    const filter = { match: /numbers/g }
    expect([1, 2, 3].map(() => matchesFilter(item(), filter))).toEqual([true, true, true])
  })

  it('match looks only at the first 4096 characters of a caption', () => {
    const long = item({ caption: `${'x'.repeat(MATCH_TEXT_CHARS)}needle`, fileName: undefined })
    expect(matchesFilter(long, { match: /needle/ })).toBe(false)
    expect(matchesFilter(item({ caption: 'a needle' }), { match: /needle/ })).toBe(true)
  })
})

describe('extensionOf and filterKey', () => {
  it('the name tells the extension, else the kind', () => {
    expect(extensionOf({ kind: 'document', fileName: 'a.TAR' })).toBe('tar')
    expect(extensionOf({ kind: 'photo' })).toBe('jpg')
    expect(extensionOf({ kind: 'video', fileName: 'noext' })).toBe('mp4')
    expect(extensionOf({ kind: 'document' })).toBe('')
  })

  it('equal filters have equal keys, different ones different keys', () => {
    expect(filterKey({ kinds: ['video', 'photo'] })).toBe(filterKey({ kinds: ['photo', 'video', 'photo'] }))
    expect(filterKey({})).not.toBe(filterKey({ kinds: ['photo'] }))
    expect(filterKey({ minSize: 1 })).not.toBe(filterKey({ maxSize: 1 }))
    expect(filterKey({ match: /a/i })).not.toBe(filterKey({ match: /a/ }))
  })
})
