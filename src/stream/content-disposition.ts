const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** Control characters (C0, DEL, C1), bidi overrides that could disguise an extension, and what Windows forbids. */
function isUnsafe(ch: string): boolean {
  const code = ch.charCodeAt(0)
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI.test(ch) || '<>:"|?*'.includes(ch)
}

const MAX_BYTES = 200
const FALLBACK = 'download'
/** RFC 5987 attr-char: what may stay unencoded in filename*. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/

/**
 * A file name from a stranger reduced to something safe to suggest: its last
 * path segment, no control or bidi characters, no leading or trailing dots
 * and spaces, at most 200 UTF-8 bytes with the extension kept. Never empty.
 */
export function sanitizeFileName(name: string): string {
  // re-encoding replaces lone surrogates with U+FFFD
  const wellFormed = Buffer.from(name, 'utf8').toString('utf8')
  const segment = wellFormed.split(/[/\\]/).at(-1) ?? ''
  const clean = Array.from(segment, (ch) => (isUnsafe(ch) ? '_' : ch))
    .join('')
    .replace(/^[.\s]+|[.\s]+$/g, '')
  if (clean === '') return FALLBACK
  const dot = clean.lastIndexOf('.')
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : ''
  let base = ''
  let budget = MAX_BYTES - Buffer.byteLength(ext)
  for (const ch of clean.slice(0, clean.length - ext.length)) {
    budget -= Buffer.byteLength(ch)
    if (budget < 0) break
    base += ch
  }
  return base === '' ? FALLBACK : base + ext
}

function asciiFallback(name: string): string {
  return Array.from(name, (ch) => (ch >= ' ' && ch <= '~' && ch !== '"' && ch !== '%' ? ch : '_')).join('')
}

function encodeExtValue(name: string): string {
  let out = ''
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out += ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * Content-Disposition (RFC 6266) for an untrusted name: `filename` with an
 * ASCII stand-in for older clients and, when that differs, the exact name as
 * `filename*` (RFC 5987, UTF-8).
 */
export function contentDisposition(fileName: string, attachment: boolean): string {
  const name = sanitizeFileName(fileName)
  const ascii = asciiFallback(name)
  const header = `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"`
  return ascii === name ? header : `${header}; filename*=UTF-8''${encodeExtValue(name)}`
}
