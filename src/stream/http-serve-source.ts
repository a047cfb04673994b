import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ByteSource } from './byte-source.js'
import { ifRangeMatches, isNotModified, lastModifiedSeconds } from './conditional.js'
import { contentDisposition } from './content-disposition.js'
import { planMultipart } from './multipart.js'
import { pipeRange, writePaced } from './pipe-source.js'
import { planRanges, type RangePlan } from './range-request.js'

/**
 * Served content comes from strangers: no scripts ever run on the server's
 * origin, while a browser opening a URL directly still shows the video or photo.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'"
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i

/** The sender's media type if it is one (parameters dropped), else application/octet-stream. */
export function safeMime(mime: string): string {
  const type = mime.split(';')[0]?.trim() ?? ''
  return MEDIA_TYPE.test(type) ? type.toLowerCase() : 'application/octet-stream'
}

/** Range handling is defined for GET only (RFC 9110 §14.2); If-Range can veto it. */
function rangePlanFor(req: IncomingMessage, source: ByteSource): RangePlan {
  const range = req.headers.range
  if (req.method !== 'GET' || range === undefined) return { kind: 'full' }
  const ifRange = req.headers['if-range']
  if (ifRange !== undefined && (typeof ifRange !== 'string' || !ifRangeMatches(ifRange, source)))
    return { kind: 'full' }
  return planRanges(range, source.size)
}

/**
 * Answers a GET or HEAD for `source`: 200, 206 (one range or
 * multipart/byteranges), 304 or 416. Resolves when the response is complete;
 * rejects if the source fails or the client goes away (then `signal` is aborted).
 */
export async function serveByteSource(
  req: IncomingMessage,
  res: ServerResponse,
  source: ByteSource,
  opts: { download: boolean; signal: AbortSignal },
): Promise<void> {
  const { signal } = opts
  const mime = safeMime(source.mime)
  const modified = lastModifiedSeconds(source)
  res.setHeader('Accept-Ranges', 'bytes')
  res.setHeader('ETag', source.etag)
  if (modified !== undefined) res.setHeader('Last-Modified', new Date(modified).toUTCString())
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  if (isNotModified(req.headers, source)) {
    res.writeHead(304).end()
    return
  }

  const plan = rangePlanFor(req, source)
  if (plan.kind === 'unsatisfiable') {
    // only GET gets here: HEAD ignores Range
    res.writeHead(416, { 'Content-Range': `bytes */${source.size}`, 'Content-Type': 'text/plain' })
    res.end('range not satisfiable\n')
    return
  }
  res.setHeader('Content-Disposition', contentDisposition(source.fileName, opts.download))
  const body = req.method !== 'HEAD'

  if (plan.kind === 'full') {
    res.writeHead(200, { 'Content-Type': mime, 'Content-Length': source.size })
    if (body && source.size > 0) await pipeRange(source, { start: 0, end: source.size - 1 }, res, signal)
  } else if (plan.ranges.length === 1) {
    const range = plan.ranges[0]!
    res.writeHead(206, {
      'Content-Type': mime,
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${source.size}`,
    })
    if (body) await pipeRange(source, range, res, signal)
  } else {
    const multipart = planMultipart(plan.ranges, source.size, mime)
    res.writeHead(206, { 'Content-Type': multipart.contentType, 'Content-Length': multipart.length })
    if (body) {
      for (const part of multipart.parts) {
        await writePaced(res, part.head, signal)
        await pipeRange(source, part.range, res, signal)
      }
      await writePaced(res, multipart.tail, signal)
    }
  }
  res.end()
}
