import { randomBytes } from 'node:crypto'
import type { ByteRange } from './range-request.js'

export interface MultipartPart {
  range: ByteRange
  /** the boundary and part headers written before the range's bytes */
  head: Buffer
}

export interface MultipartPlan {
  contentType: string
  parts: MultipartPart[]
  /** the closing boundary */
  tail: Buffer
  /** the exact body length, for Content-Length */
  length: number
}

/** The layout of a multipart/byteranges body (RFC 9110 §14.6), computed before any byte is sent. */
export function planMultipart(ranges: ByteRange[], size: number, mime: string): MultipartPlan {
  const boundary = randomBytes(16).toString('hex')
  const parts = ranges.map((range, i) => ({
    range,
    head: Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${mime}\r\n` +
        `Content-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`,
    ),
  }))
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const length = parts.reduce((sum, p) => sum + p.head.length + p.range.end - p.range.start + 1, tail.length)
  return { contentType: `multipart/byteranges; boundary=${boundary}`, parts, tail, length }
}
