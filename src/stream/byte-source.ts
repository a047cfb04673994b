import { createHash } from 'node:crypto'

/**
 * Bytes the stream server can serve, wherever they come from (a complete file,
 * or the download engine fetching missing parts on demand). Pull-based: the
 * server asks for the next chunk only when the socket took the previous one.
 */
export interface ByteSource {
  size: number
  /** as the sender claimed it; the server falls back to application/octet-stream if it is not a media type */
  mime: string
  /** untrusted; the server sanitizes it */
  fileName: string
  /** a strong entity tag with its quotes, e.g. `"3f2a…"` (see makeEtag) */
  etag: string
  lastModified?: Date
  /** bytes start..endInclusive in order; stops early, releasing what it holds, when `signal` aborts */
  read(start: number, endInclusive: number, signal: AbortSignal): AsyncIterable<Uint8Array>
}

/** A strong entity tag derived from whatever identifies the content (file id, size, …). */
export function makeEtag(...parts: (string | number)[]): string {
  const hash = createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 27)
  return `"${hash}"`
}
