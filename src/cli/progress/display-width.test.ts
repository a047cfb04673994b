import { describe, expect, it } from 'vitest'
import { displayWidth, truncateEnd, truncateMiddle, wrapToWidth } from './display-width.js'

describe('displayWidth', () => {
  it.each([
    ['movie.mp4', 9],
    ['東京', 4],
    ['ｆｕｌｌ', 8],
    ['한국어', 6],
    ['cafe\u0301', 4],
    ['👍', 2],
    ['👨‍👩‍👧', 2],
    ['❤️', 2],
    ['a\u200bb', 2],
    ['', 0],
  ])('%j is %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width)
  })
})

describe('truncateMiddle', () => {
  const name = '東京の夜景_2024年_最終版_本当に最終版.mp4'

  it('leaves what fits alone', () => {
    expect(truncateMiddle('short.mp4', 9)).toBe('short.mp4')
  })

  it.each([5, 10, 11, 20, 33])('cuts to at most %i columns, keeping start and extension', (max) => {
    const cut = truncateMiddle(name, max)
    expect(displayWidth(cut)).toBeLessThanOrEqual(max)
    expect(displayWidth(cut)).toBeGreaterThanOrEqual(max - 1) // a wide character may leave one column
    expect(cut).toContain('…')
    expect(cut.startsWith('東')).toBe(max >= 5)
  })

  it('keeps the extension when there is room', () => {
    expect(truncateMiddle('a-very-long-file-name-from-a-channel.mp4', 16)).toBe('a-very-l…nel.mp4')
  })

  it('never splits a grapheme', () => {
    const family = '👨‍👩‍👧'
    expect(truncateMiddle(family.repeat(4), 5)).toBe(`${family}…${family}`)
    expect(truncateMiddle(family.repeat(4), 4)).toBe(`${family}…`)
  })
})

describe('truncateEnd', () => {
  it('ends in … when cut', () => {
    expect(truncateEnd('abcdefgh', 5)).toBe('abcd…')
    expect(truncateEnd('abc', 5)).toBe('abc')
    expect(displayWidth(truncateEnd('東京東京東京', 6))).toBeLessThanOrEqual(6)
  })
})

describe('wrapToWidth', () => {
  it('breaks between words and keeps every line within the width', () => {
    expect(wrapToWidth('FLOOD_WAIT_30 on DC 2, waiting 30 s', 16)).toEqual([
      'FLOOD_WAIT_30 on',
      'DC 2, waiting 30',
      's',
    ])
  })

  it('breaks words longer than a line', () => {
    const lines = wrapToWidth('x'.repeat(25), 10)
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)])
  })

  it('measures wide characters', () => {
    for (const line of wrapToWidth('東京の夜景 東京の夜景 東京の夜景', 11))
      expect(displayWidth(line)).toBeLessThanOrEqual(11)
  })
})
