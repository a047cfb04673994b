import { extname } from 'node:path'
import { KIND_EXTENSION, type MediaItem } from '../media/media-item.js'
import { graphemesOf } from './graphemes.js'

/** The most UTF-8 bytes one file or folder name may take (ext4, APFS and NTFS all allow 255). */
export const MAX_SEGMENT_BYTES = 200
/** A longer "extension" is just part of the name: it is not kept when a name is cut. */
const MAX_EXT_CHARS = 16

/**
 * What never reaches a file name: control characters (C0, DEL, C1), format
 * characters (bidi controls, zero-width characters, BOM, soft hyphen, tags),
 * lone surrogates, line and paragraph separators, letters that render as
 * blanks, path separators and what Windows forbids. A zero-width joiner
 * between two emoji (👨‍👩‍👧) is kept: it cannot disguise an extension.
 */
const UNSAFE =
  /((?<=\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D(?=\p{Extended_Pictographic}))|[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0/\\:*?"<>|]/gu

const RESERVED =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)\s*(\..*)?$/i

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text)
}

/** Every unsafe character (see UNSAFE), '/' and '\' included, becomes '_'. */
export function replaceUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch, emojiJoiner: string | undefined) => (emojiJoiner ? ch : '_'))
}

/** The longest prefix within `maxBytes` UTF-8 bytes that ends on a grapheme boundary. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  let kept = ''
  let used = 0
  for (const segment of graphemesOf(text)) {
    used += utf8Bytes(segment)
    if (used > maxBytes) break
    kept += segment
  }
  return kept
}

function trimDotsAndSpaces(text: string): string {
  return text.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
}

function extensionOf(name: string): string {
  const ext = extname(name)
  return ext.length > 1 && ext.length <= MAX_EXT_CHARS ? ext : ''
}

/** `name` cut to `maxBytes`, its extension kept when there is room for some of the base. */
function capKeepingExtension(name: string, maxBytes: number): string {
  if (utf8Bytes(name) <= maxBytes) return name
  const ext = extensionOf(name)
  const base = truncateUtf8(name.slice(0, name.length - ext.length), maxBytes - utf8Bytes(ext))
  return base ? base + ext : truncateUtf8(name, maxBytes)
}

/** Names Windows keeps for devices, with any extension (`nul.txt` too). */
export function isReservedName(name: string): boolean {
  return RESERVED.test(name)
}

/**
 * One path segment made safe: unsafe characters replaced, no leading or
 * trailing dots and spaces, at most `maxBytes` with the extension kept. May be
 * empty; reserved device names are left for the caller to handle.
 */
export function cleanSegment(raw: string, maxBytes = MAX_SEGMENT_BYTES): string {
  return trimDotsAndSpaces(capKeepingExtension(trimDotsAndSpaces(replaceUnsafe(raw)), maxBytes))
}

/**
 * A file name from a stranger made safe: its last path segment only, the rest
 * as `cleanSegment`, no Windows device names. `fallback` (trusted) when
 * nothing is left.
 */
export function sanitizeFileName(name: string, fallback: string): string {
  // a name with a path keeps its last segment, as browsers do
  const clean = cleanSegment(name.split(/[/\\]/).at(-1) ?? '')
  if (clean && !isReservedName(clean)) return clean
  return capKeepingExtension(fallback, MAX_SEGMENT_BYTES)
}

/** `<name>` when the sender gave one, else `<chat>_<msg>.<ext>`. */
export function fileNameFor(item: MediaItem, chat: string): string {
  const msgId = item.origin.msgId
  return (
    sanitizeFileName(item.fileName ?? '', '') ||
    sanitizeFileName(`${chat}_${msgId}.${KIND_EXTENSION[item.kind] || 'bin'}`, `file_${msgId}`)
  )
}

/** `fileNameFor` split into base name and extension (without the dot, may be empty). */
export function fileNameParts(item: MediaItem, chat: string): { name: string; ext: string } {
  const whole = fileNameFor(item, chat)
  const ext = extensionOf(whole)
  return { name: whole.slice(0, whole.length - ext.length), ext: ext.slice(1) }
}
