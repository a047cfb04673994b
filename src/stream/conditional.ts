import type { IncomingHttpHeaders } from 'node:http'
import type { ByteSource } from './byte-source.js'

/** Last-Modified as sent: HTTP dates have whole seconds. */
export function lastModifiedSeconds(source: ByteSource): number | undefined {
  return source.lastModified && Math.floor(source.lastModified.getTime() / 1000) * 1000
}

function entityTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"/g) ?? []
}

const opaque = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag)

/** If-None-Match (weak comparison), else If-Modified-Since, as RFC 9110 §13.2.2 orders them. */
export function isNotModified(headers: IncomingHttpHeaders, source: ByteSource): boolean {
  const noneMatch = headers['if-none-match']
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true
    return entityTags(noneMatch).some((tag) => opaque(tag) === opaque(source.etag))
  }
  const since = headers['if-modified-since']
  const modified = lastModifiedSeconds(source)
  if (since === undefined || modified === undefined) return false
  const sinceMs = Date.parse(since)
  return !Number.isNaN(sinceMs) && modified <= sinceMs
}

/** If-Range (RFC 9110 §13.1.5): a strong ETag match or the exact Last-Modified date. */
export function ifRangeMatches(header: string, source: ByteSource): boolean {
  const value = header.trim()
  if (value.startsWith('"')) return value === source.etag
  if (value.startsWith('W/')) return false
  const modified = lastModifiedSeconds(source)
  return modified !== undefined && Date.parse(value) === modified
}
