/** Media items, template fields and hostile text for the name template's tests. */
import Long from 'long'
import type { MediaItem } from '../media/media-item.js'
import { type NameFields, nameFieldsFor } from './name-template.js'

export const CHAT = { label: 'somechannel', id: -1001234567890 }

export function mediaItem(over: Partial<MediaItem> = {}): MediaItem {
  return {
    kind: 'document',
    size: 1234,
    mime: 'application/pdf',
    dcId: 2,
    location: {
      _: 'inputDocumentFileLocation',
      id: Long.fromString('5432109876543210'),
      accessHash: Long.ZERO,
      fileReference: new Uint8Array(),
      thumbSize: '',
    },
    origin: { channel: { _: 'inputChannel', channelId: 1234567890, accessHash: Long.ZERO }, msgId: 42 },
    date: 1700000000, // 2023-11-14 22:13:20 UTC
    caption: '',
    ...over,
  }
}

export function fields(over: Partial<NameFields> = {}): NameFields {
  return { ...nameFieldsFor(mediaItem({ fileName: 'report.pdf' }), CHAT), ...over }
}

const HOSTILE = [
  '..',
  '.',
  '/',
  '\\',
  '../',
  '..\\',
  '\u0000',
  '\n',
  '\u0085',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  'CON',
  'nul.txt',
  'COM1',
  ' ',
  ':',
  '*',
  'Я',
  '😀',
  '👨‍👩‍👧',
  'e\u0301',
  'exe',
]

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!
}

export function hostileText(random: () => number, maxPieces: number): string {
  let text = ''
  for (let n = Math.floor(random() * maxPieces); n > 0; n--) {
    text += random() < 0.6 ? pick(random, HOSTILE) : String.fromCharCode(Math.floor(random() * 0x10000))
  }
  return text
}
