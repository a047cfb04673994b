import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEFAULT_MAX_FRAME_SIZE } from '../frame-util.js'
import { readBody } from './body.js'
import { errorBody, routeOf } from './route.js'
import { HttpServerLink } from './server-link.js'

export const HTTP_API_PATH = '/api'

export interface HttpApiOptions {
  /** the auth key with this auth_key_id, if the server knows it */
  keyOf(authKeyId: Uint8Array): Uint8Array | undefined
  /** a new conversation begins: hand its link to the session layer */
  onLink(link: HttpServerLink): void
  /** how long a request is held waiting for something to answer (default 25 s) */
  holdMs?: number
  /** a conversation with no request for this long is closed (default 5 min) */
  idleMs?: number
  maxBodyBytes?: number
}

/** `POST /api` of one DC: sorts requests into conversations, each an {@link HttpServerLink}. */
export class HttpApiHub {
  private readonly links = new Map<string, HttpServerLink>()

  constructor(private readonly opts: HttpApiOptions) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== HTTP_API_PATH) {
      req.resume()
      res.writeHead(404).end()
      return
    }
    readBody(req, this.opts.maxBodyBytes ?? DEFAULT_MAX_FRAME_SIZE).then(
      (body) => this.route(body, res),
      () => res.writeHead(400, { connection: 'close' }).end(),
    )
  }

  /** Closes every conversation (their held requests are answered empty). */
  closeAll(): void {
    for (const link of [...this.links.values()]) link.close()
  }

  private route(body: Buffer, res: ServerResponse): void {
    const route = routeOf(body, this.opts.keyOf)
    if (route.kind === 'malformed') return void res.writeHead(400).end()
    if (route.kind === 'unknown-key') return void res.writeHead(404).end(errorBody(-404))
    let link = this.links.get(route.key)
    if (!link) {
      const created = new HttpServerLink(this.opts.holdMs ?? 25_000, this.opts.idleMs ?? 300_000, () =>
        this.links.delete(route.key),
      )
      this.links.set(route.key, created)
      this.opts.onLink(created)
      link = created
    }
    link.receive(body, res)
  }
}
