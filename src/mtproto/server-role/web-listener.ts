import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Duplex } from 'node:stream'
import { DEFAULT_CIPHERS } from 'node:tls'
import { acceptWebSockets, type WebSocketAcceptor } from '../../transport/server.js'

/**
 * Node's TLS 1.3 default is AES-256-GCM; AES-128-GCM is as sound and, with
 * AES-NI, about twice as fast: on a loopback wss:// download both ends spend
 * on it. The server's order decides, so the listener puts it first.
 */
const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  ...DEFAULT_CIPHERS.split(':').filter((c) => c !== 'TLS_AES_128_GCM_SHA256'),
].join(':')

export interface WebListenerOptions {
  /** 0 (default) picks any free port */
  port?: number
  /** serve over TLS (wss://, https://) with this key and certificate (PEM) */
  tls?: { key: string; cert: string }
}

/**
 * One HTTP(S) listener of a DC: WebSocket upgrades on /apiws become byte
 * streams for the TCP accept path; other requests go to `onRequest` (HTTP
 * transport) or get a 404.
 */
export class WebListener {
  private readonly server: Server
  private readonly acceptor: WebSocketAcceptor

  constructor(
    private readonly opts: WebListenerOptions,
    onStream: (stream: Duplex) => void,
    onRequest: RequestListener = (_req, res) => {
      res.writeHead(404).end()
    },
  ) {
    this.server = opts.tls
      ? createHttpsServer({ ...opts.tls, ciphers: CIPHERS, honorCipherOrder: true }, onRequest)
      : createHttpServer(onRequest)
    // no idle cut of held requests: long polls decide their own deadline
    this.server.requestTimeout = 0
    this.server.on('connection', (socket) => socket.setNoDelay(true))
    this.acceptor = acceptWebSockets(this.server, onStream)
  }

  get tls(): boolean {
    return this.opts.tls !== undefined
  }

  async listen(host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.port ?? 0, host, () => resolve())
    })
    const address = this.server.address()
    if (!address || typeof address === 'string') throw new Error('no address')
    return address.port
  }

  async close(): Promise<void> {
    this.acceptor.closeAll()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
