/**
 * File name templates: `{chat}/{date}/{name}.{ext}` and the like. A template
 * is the user's (trusted, checked up front); every field value comes from
 * Telegram (untrusted) and can never add a folder or leave the output folder.
 *
 * Syntax: `{field}` inserts a field; `{{` and `}}` are literal braces; '/' and
 * '\' separate folders. Empty folders vanish; an empty file name becomes the
 * fallback.
 */
import { TgfetchError } from '../errors/index.js'
import type { MediaItem } from '../media/media-item.js'
import {
  cleanSegment,
  fileNameParts,
  isReservedName,
  MAX_SEGMENT_BYTES,
  replaceUnsafe,
  sanitizeFileName,
  truncateUtf8,
} from './file-names.js'
import { graphemesOf } from './graphemes.js'

export const FIELD_NAMES = [
  'chat',
  'chat_id',
  'msg_id',
  'date',
  'time',
  'name',
  'ext',
  'caption',
  'album',
  'kind',
  'id',
  'size',
] as const
export type FieldName = (typeof FIELD_NAMES)[number]
export type NameFields = Readonly<Record<FieldName, string>>

/** Gives exactly what `fileNameFor` gives. */
export const DEFAULT_NAME_TEMPLATE = '{name}.{ext}'

const MAX_PATH_BYTES = 1000
const MAX_TEMPLATE_CHARS = 1000
const CAPTION_CHARS = 60

export class TemplateError extends TgfetchError {
  readonly category = 'input'
  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`bad file name template ${JSON.stringify(template)}: ${reason}`)
  }
}

type Token = { text: string } | { field: FieldName }

function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name)
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = []
  let text = ''
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch
      i++
    } else if (ch === '}') {
      throw new TemplateError(
        template,
        `'}' at position ${i} closes nothing (write '}}' for a literal brace)`,
      )
    } else if (ch === '{') {
      const end = template.indexOf('}', i + 1)
      const nextOpen = template.indexOf('{', i + 1)
      if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
        throw new TemplateError(
          template,
          `'{' at position ${i} is never closed (write '{{' for a literal brace)`,
        )
      }
      const name = template.slice(i + 1, end)
      if (!isFieldName(name)) {
        throw new TemplateError(template, `unknown field {${name}}; known fields: ${FIELD_NAMES.join(', ')}`)
      }
      if (text) tokens.push({ text })
      text = ''
      tokens.push({ field: name })
      i = end
    } else {
      text += ch
    }
  }
  if (text) tokens.push({ text })
  return tokens
}

/** The template's tokens, after checking its shape; throws TemplateError. */
function parseTemplate(template: string): Token[] {
  const fail = (reason: string) => new TemplateError(template, reason)
  if (template.trim() === '') throw fail('it is empty')
  if (template.length > MAX_TEMPLATE_CHARS) throw fail(`longer than ${MAX_TEMPLATE_CHARS} characters`)
  const tokens = tokenize(template)
  // the literal skeleton, fields as a NUL marker: shows which segments are literal only
  const skeleton = tokens.map((t) => ('text' in t ? t.text : '\0')).join('')
  if (/^[/\\]|^[a-z]:/i.test(skeleton))
    throw fail('it is an absolute path; it must be relative to the output folder')
  const segments = skeleton.split(/[/\\]/)
  if (segments.some((s) => /^\s*\.\.+\s*$/.test(s))) throw fail("'..' is not allowed as a folder")
  if (segments.at(-1)!.trim() === '')
    throw fail('it ends with a folder separator; the last part names the file')
  return tokens
}

/** Throws a TemplateError saying what is wrong with `template`, if anything. */
export function checkTemplate(template: string): void {
  parseTemplate(template)
}

/** One segment of the result: cleaned, device names escaped; '' when nothing is left. */
function safeSegment(raw: string): string {
  const clean = cleanSegment(raw)
  return isReservedName(clean) ? cleanSegment(`_${clean}`) : clean
}

/**
 * `template` filled with `fields`: a relative path whose folders come only
 * from the template. Each segment at most 200 UTF-8 bytes, the whole at most
 * 1000 (deeper folders that do not fit are dropped). Throws TemplateError.
 */
export function renderName(template: string, fields: NameFields, fallback: string): string {
  const raw = parseTemplate(template)
    .map((t) => ('text' in t ? t.text : truncateUtf8(replaceUnsafe(fields[t.field]), MAX_SEGMENT_BYTES)))
    .join('')
  const segments = raw.split(/[/\\]/)
  const file = safeSegment(segments.pop() ?? '') || safeSegment(sanitizeFileName(fallback, 'file'))
  let budget = MAX_PATH_BYTES - Buffer.byteLength(file)
  const path: string[] = []
  for (const folder of segments.map(safeSegment).filter((s) => s !== '')) {
    budget -= Buffer.byteLength(folder) + 1
    if (budget < 0) break
    path.push(folder)
  }
  path.push(file)
  return path.join('/')
}

function firstLine(text: string, maxChars: number): string {
  const line = (text.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)[0] ?? '').trim()
  // no more UTF-16 units than maxChars: no more graphemes either, nothing to cut
  if (line.length <= maxChars) return line
  return graphemesOf(line).slice(0, maxChars).join('').trim()
}

function mediaId(location: MediaItem['location']): string {
  switch (location._) {
    case 'inputDocumentFileLocation':
    case 'inputPhotoFileLocation':
      return location.id.toString()
    default:
      return ''
  }
}

/** The template fields of one media item; values are raw (renderName cleans them). */
export function nameFieldsFor(item: MediaItem, chat: { label: string; id: number }): NameFields {
  const { name, ext } = fileNameParts(item, chat.label)
  const when = new Date(item.date * 1000)
  const iso = Number.isNaN(when.getTime()) ? '' : when.toISOString()
  return {
    chat: chat.label,
    chat_id: String(chat.id),
    msg_id: String(item.origin.msgId),
    date: iso.slice(0, 10),
    time: iso.slice(11, 19).replaceAll(':', ''),
    name,
    ext,
    caption: firstLine(item.caption, CAPTION_CHARS),
    album: item.groupedId ?? '',
    kind: item.kind,
    id: mediaId(item.location),
    size: String(item.size),
  }
}
