import { describe, expect, it, vi } from 'vitest'
import type { MediaItem } from '../media/media-item.js'
import { graphemesOf } from './graphemes.js'
import { mediaItem } from './name-template.test-helper.js'

describe('graphemesOf', () => {
  it.each([
    ['movie (2).mp4', ['m', 'o', 'v', 'i', 'e', ' ', '(', '2', ')', '.', 'm', 'p', '4']],
    ['東京', ['東', '京']],
    ['cafe\u0301', ['c', 'a', 'f', 'e\u0301']],
    ['👨‍👩‍👧🇯🇵', ['👨‍👩‍👧', '🇯🇵']],
    ['a\r\nb', ['a', '\r\n', 'b']],
    ['', []],
  ])('splits %j', (text, expected) => {
    expect(graphemesOf(text)).toEqual(expected)
  })
})

const item = (caption: string): MediaItem => mediaItem({ caption, fileName: 'clip.mp4' })

describe('start-up cost', () => {
  // creating ICU's segmenter took 10–25 ms of every `get`, between its first two requests
  it('makes no segmenter at import, for plain ASCII or a caption with nothing to cut; one when needed', async () => {
    const intl = Intl as { Segmenter: typeof Intl.Segmenter }
    const Original = intl.Segmenter
    let made = 0
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args)
        made++
      }
    }
    try {
      vi.resetModules()
      const width = await import('./progress/display-width.js')
      const names = await import('./name-template.js')
      expect(made).toBe(0)
      expect(width.displayWidth('movie (2).mp4')).toBe(13)
      expect(width.truncateMiddle('a-long-plain-name.mp4', 9)).toBe('a-lo….mp4')
      const chat = { label: 'chan', id: 1 }
      expect(names.nameFieldsFor(item('Закат над морем 🌅\nвторая строка'), chat).caption).toBe(
        'Закат над морем 🌅',
      )
      expect(made).toBe(0)
      expect(names.nameFieldsFor(item('ж'.repeat(70)), chat).caption).toBe('ж'.repeat(60))
      expect(width.displayWidth('東京.mp4')).toBe(8)
      expect(made).toBe(1)
    } finally {
      intl.Segmenter = Original
    }
  })
})
