import type { IncomingMessage, ServerResponse } from 'node:http'
import { LinkError } from '../media/links.js'
import { ResolveError } from '../media/resolve.js'
import type { ByteSource } from './byte-source.js'
import { MediaNotFoundError } from './errors.js'
import { serveByteSource } from './http-serve-source.js'
import { type MediaTarget, parseStreamTarget, queryOf, type StreamTarget } from './request-target.js'

/** Where bytes come from; both may throw MediaNotFoundError (404) or LinkError (400). */
export interface StreamResolvers {
  /** `chat` is a username or a numeric chat id */
  resolve(chat: string, msgId: number, signal: AbortSignal): Promise<ByteSource>
  /** a t.me / tg:// message link, already checked by parseLink */
  resolveLink(link: string, signal: AbortSignal): Promise<ByteSource>
}

export interface StreamRouteOptions extends StreamResolvers {
  /** failures that are not the client's fault (resolver errors, a source failing mid-response) */
  onError?: (error: unknown) => void
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers })
  res.end(res.req.method === 'HEAD' ? undefined : `${text}\n`)
}

function statusOf(error: unknown): 400 | 404 | 502 {
  if (error instanceof LinkError) return 400
  if (error instanceof MediaNotFoundError || error instanceof ResolveError) return 404
  return 502
}

function openSource(
  target: MediaTarget,
  resolvers: StreamResolvers,
  signal: AbortSignal,
): Promise<ByteSource> {
  return target.kind === 'message'
    ? resolvers.resolve(target.chat, target.msgId, signal)
    : resolvers.resolveLink(target.link, signal)
}

/**
 * The route layer of `tgfetch serve`: GET/HEAD `/<chat>/<msg_id>` and
 * `/?link=<t.me link>` (add `download=1` for an attachment). Failures become
 * a status, or a cut connection once bytes are sent.
 */
export function createStreamHandler(opts: StreamRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'only GET and HEAD', { Allow: 'GET, HEAD' })
      return
    }
    const abort = new AbortController()
    res.on('close', () => abort.abort())
    let target: StreamTarget
    try {
      target = parseStreamTarget(req.url)
    } catch (e) {
      if (!(e instanceof LinkError)) throw e
      sendText(res, 400, e.message)
      return
    }
    if (target.kind === 'bad') {
      sendText(res, target.status, target.message)
      return
    }
    let source: ByteSource
    try {
      source = await openSource(target, opts, abort.signal)
    } catch (e) {
      if (abort.signal.aborted) return
      const status = statusOf(e)
      if (status === 502) opts.onError?.(e)
      sendText(res, status, status === 502 || !(e instanceof Error) ? 'could not open the media' : e.message)
      return
    }
    try {
      await serveByteSource(req, res, source, {
        download: queryOf(req.url).get('download') === '1',
        signal: abort.signal,
      })
    } catch (e) {
      if (!abort.signal.aborted) opts.onError?.(e)
      res.destroy()
    }
  }
}
