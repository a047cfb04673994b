/**
 * HTTP transport, client side: every packet is one `POST /api`; what comes back in
 * the response bodies is what the server had for this session. The server holds a
 * request until it has something to say, so the session keeps one long poll
 * (http_wait) open whenever nothing else is: the link asks for it with `onIdle`.
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import { ConnectionClosedError, TransportError } from '../errors.js'
import { DEFAULT_MAX_FRAME_SIZE } from '../frame-util.js'
import { readBody } from './body.js'
import { answerOf } from './route.js'

// node:http and node:https (with TLS) loaded when an HTTP link is made: every command's TCP sessions start ~15 ms sooner
const require = createRequire(import.meta.url)
const http = (): typeof import('node:http') => require('node:http')
const https = (): typeof import('node:https') => require('node:https')

export interface HttpLinkHandlers {
  onPacket(packet: Uint8Array): void
  onClose(error?: Error): void
  /** no request is open, so nothing can come back: send one the server may hold (http_wait) */
  onIdle?(): void
}

export interface HttpClientLinkOptions {
  /** http://host:port/api or https://… */
  url: string
  /** a certificate (PEM) trusted instead of the system's */
  ca?: string
  maxBodyBytes?: number
}

/** A PacketLink over HTTP requests (structurally mtproto's PacketLink). */
export class HttpClientLink {
  private handlers: HttpLinkHandlers | undefined
  private readonly url: URL
  private readonly agent: HttpAgent
  private readonly open = new Set<{ destroy(error?: Error): void }>()
  private closed = false

  constructor(private readonly opts: HttpClientLinkOptions) {
    this.url = new URL(opts.url)
    const secure = this.url.protocol === 'https:'
    // keep-alive: requests reuse connections; no cap, held long polls must not block sends
    this.agent = secure
      ? new (https().Agent)({ keepAlive: true, ca: opts.ca })
      : new (http().Agent)({ keepAlive: true })
  }

  send(packet: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new ConnectionClosedError(undefined))
    const request = this.url.protocol === 'https:' ? https().request : http().request
    return new Promise<void>((resolve) => {
      const req = request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/octet-stream', 'content-length': packet.length },
      })
      this.open.add(req)
      req.setNoDelay(true)
      req.once('response', (res) => this.onResponse(req, res))
      req.once('error', (e) => this.close(e))
      req.end(packet, () => resolve())
    })
  }

  start(handlers: HttpLinkHandlers): void {
    this.handlers = handlers
    if (this.open.size === 0) queueMicrotask(() => this.idle())
  }

  close(error?: Error): void {
    if (this.closed) return
    this.closed = true
    for (const req of this.open) req.destroy()
    this.open.clear()
    this.agent.destroy()
    this.handlers?.onClose(error)
  }

  private onResponse(req: { destroy(error?: Error): void }, res: IncomingMessage): void {
    readBody(res, this.opts.maxBodyBytes ?? DEFAULT_MAX_FRAME_SIZE).then(
      (body) => {
        this.open.delete(req)
        if (this.closed) return
        const answer = answerOf(res.statusCode ?? 0, body)
        if (answer.kind === 'error') return this.close(new TransportError(answer.code))
        if (answer.kind === 'packet') this.handlers?.onPacket(answer.packet)
        this.idle()
      },
      (e: Error) => this.close(e),
    )
  }

  private idle(): void {
    if (!this.closed && this.open.size === 0) this.handlers?.onIdle?.()
  }
}
