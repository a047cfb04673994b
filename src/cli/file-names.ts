import { extname } from 'node:path'
import type { MediaItem } from '../media/media-item.js'

/** Control characters (NUL included) and the characters Windows forbids in names. */
function isUnsafe(ch: string): boolean {
  const code = ch.charCodeAt(0)
  return code < 0x20 || code === 0x7f || ':*?"<>|'.includes(ch)
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i
const MAX_BYTES = 200

const EXT_BY_KIND: Record<string, string> = {
  photo: '.jpg',
  video: '.mp4',
  round: '.mp4',
  voice: '.ogg',
  audio: '.mp3',
  sticker: '.webp',
  animation: '.mp4',
  document: '.bin',
}

/**
 * A file name from a stranger made safe: its last path segment only, no control
 * characters or NUL, no leading dots, no Windows device names, at most 200
 * UTF-8 bytes with the extension kept. Never empty.
 */
export function sanitizeFileName(name: string, fallback: string): string {
  // a name with a path keeps its last segment, as browsers do
  let clean = Array.from(name.split(/[/\\]/).at(-1) ?? '', (ch) => (isUnsafe(ch) ? '_' : ch))
    .join('')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (!clean || RESERVED.test(clean)) clean = fallback
  const ext = extname(clean).slice(0, 16)
  let base = clean.slice(0, clean.length - ext.length)
  while (Buffer.byteLength(base + ext) > MAX_BYTES) base = base.slice(0, -1)
  return base + ext || fallback
}

/** `<name>` when the sender gave one, else `<chat>_<msg>.<ext>`. */
export function fileNameFor(item: MediaItem, chat: string): string {
  const fallback = `${chat}_${item.origin.msgId}${EXT_BY_KIND[item.kind] ?? '.bin'}`
  return sanitizeFileName(item.fileName ?? fallback, sanitizeFileName(fallback, `file_${item.origin.msgId}`))
}
