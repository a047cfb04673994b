import { describe, expect, it } from 'vitest'
import { ifRangeMatches, isNotModified } from './conditional.js'
import { generatedSource } from './stream.test-helper.js'

const source = generatedSource(10, { etag: '"v1"', lastModified: new Date('2026-11-22T10:00:00.750Z') })
const modified = 'Sun, 22 Nov 2026 10:00:00 GMT'

describe('isNotModified', () => {
  it.each([
    [{ 'if-none-match': '"v1"' }, true],
    [{ 'if-none-match': 'W/"v1"' }, true], // weak comparison
    [{ 'if-none-match': '"x", "v1"' }, true],
    [{ 'if-none-match': '*' }, true],
    [{ 'if-none-match': '"v2"' }, false],
    [{ 'if-none-match': 'v1' }, false], // not an entity tag
    [{ 'if-modified-since': modified }, true], // sub-second mtime does not count
    [{ 'if-modified-since': 'Sun, 22 Nov 2026 09:59:59 GMT' }, false],
    [{ 'if-modified-since': 'garbage' }, false],
    // If-None-Match decides when both are there
    [{ 'if-none-match': '"v2"', 'if-modified-since': modified }, false],
  ])('%j → %s', (headers, expected) => {
    expect(isNotModified(headers, source)).toBe(expected)
  })

  it('If-Modified-Since means nothing without a Last-Modified', () => {
    expect(isNotModified({ 'if-modified-since': modified }, { ...source, lastModified: undefined })).toBe(
      false,
    )
  })
})

describe('ifRangeMatches', () => {
  it.each([
    ['"v1"', true],
    ['W/"v1"', false], // strong comparison only
    ['"v2"', false],
    [modified, true],
    ['Sun, 22 Nov 2026 10:00:01 GMT', false], // a date must match exactly
    ['nonsense', false],
  ])('%s → %s', (header, expected) => {
    expect(ifRangeMatches(header, source)).toBe(expected)
  })
})
