import { randomBytes } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { RsaPrivateKey } from '../../crypto/index.js'
import { acceptTransport, HttpApiHub } from '../../transport/server.js'
import { framedLink } from '../framed-link.js'
import { AuthKeyStore } from './auth-keys.js'
import { bindTempAuthKeyHandler } from './bind-temp-key-handler.js'
import type { HandlerRegistry } from './handlers.js'
import { type DcContext, ServerConnection } from './server-connection.js'
import { WebListener, type WebListenerOptions } from './web-listener.js'

/** How the TCP listener treats new connections: normally, accepting and never answering, or closing them. */
export type TcpMode = 'open' | 'blackhole' | 'refuse'

export interface DcListening {
  host: string
  /** TCP */
  port: number
  /** the HTTP(S) listeners (WebSocket on /apiws, HTTP on /api), in the order configured */
  web: Array<{ port: number; tls: boolean }>
}

export interface DcServerOptions {
  dcId: number
  rsaKeys: RsaPrivateKey[]
  registry: HandlerRegistry
  host?: string
  /** 0 picks any free port */
  port?: number
  keys?: AuthKeyStore
  now?: () => number
  /** hooks for accounting, connection caps, faults and the link's delay (see {@link DcContext}) */
  hooks?: Pick<
    DcContext,
    'onMessage' | 'onConnectionKey' | 'onConnectionClose' | 'onPacketSent' | 'pongDelayMs'
  >
  /** MTProxy-style secret required from obfuscated clients */
  secret?: Uint8Array
  /** HTTP(S) listeners next to TCP: WebSocket (/apiws) and HTTP (/api), over TLS when given a certificate */
  web?: WebListenerOptions[]
}

/**
 * One data center of the server role: a TCP listener speaking every
 * transport, HTTP(S) listeners for WebSocket, with its auth keys and method handlers.
 */
export class DcServer {
  readonly ctx: DcContext
  private readonly server: Server
  private readonly connections = new Set<ServerConnection>()
  private readonly sockets = new Set<Duplex>()
  private readonly tcpSockets = new Set<Socket>()
  private readonly web: WebListener[]
  private readonly http: HttpApiHub
  private mode: TcpMode = 'open'

  constructor(private readonly opts: DcServerOptions) {
    this.ctx = {
      dcId: opts.dcId,
      keys: opts.keys ?? new AuthKeyStore(),
      rsaKeys: opts.rsaKeys,
      registry: opts.registry,
      now: opts.now ?? Date.now,
      ...opts.hooks,
    }
    if (!opts.registry.has('auth.bindTempAuthKey')) {
      opts.registry.on('auth.bindTempAuthKey', bindTempAuthKeyHandler(this.ctx.keys, this.ctx.now))
    }
    this.server = createServer((socket) => this.acceptTcp(socket))
    this.http = new HttpApiHub({
      keyOf: (id) => this.ctx.keys.get(id)?.key,
      onLink: (link) => {
        const connection = new ServerConnection(link, this.ctx)
        this.connections.add(connection)
        void link.closed.then(() => this.connections.delete(connection))
      },
    })
    this.web = (opts.web ?? []).map(
      (o) => new WebListener(o, (stream) => this.accept(stream), this.http.handle),
    )
  }

  async listen(): Promise<DcListening> {
    const host = this.opts.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.port ?? 0, host, () => resolve())
    })
    const address = this.server.address()
    if (!address || typeof address === 'string') throw new Error('no TCP address')
    const web = []
    for (const listener of this.web) web.push({ port: await listener.listen(host), tls: listener.tls })
    return { host, port: address.port, web }
  }

  /** Fault injection: how new TCP connections are treated; leaving 'open' drops the TCP ones open now. */
  set tcpMode(mode: TcpMode) {
    this.mode = mode
    if (mode !== 'open') for (const socket of this.tcpSockets) socket.destroy()
  }

  get tcpMode(): TcpMode {
    return this.mode
  }

  private acceptTcp(socket: Socket): void {
    if (this.mode === 'refuse') {
      socket.resetAndDestroy()
      return
    }
    socket.setNoDelay(true)
    this.tcpSockets.add(socket)
    socket.once('close', () => this.tcpSockets.delete(socket))
    if (this.mode === 'blackhole') {
      socket.on('error', () => undefined)
      socket.resume()
      return
    }
    this.accept(socket)
  }

  private accept(socket: Duplex): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    acceptTransport(socket, { secret: this.opts.secret }).then(
      ({ conn }) => {
        const connection = new ServerConnection(framedLink(conn), this.ctx)
        this.connections.add(connection)
        void conn.closed.then(() => {
          this.connections.delete(connection)
          connection.close()
        })
      },
      () => socket.destroy(),
    )
  }

  /** Open connections, for fault injection and connection caps. */
  get openConnections(): ReadonlySet<ServerConnection> {
    return this.connections
  }

  /** Drops every open connection (fault injection, restarts). */
  dropConnections(): void {
    for (const connection of this.connections) connection.close()
    this.http.closeAll()
    for (const socket of this.sockets) socket.destroy()
    for (const socket of this.tcpSockets) socket.destroy()
  }

  /** Fault injection: writes `bytes` of random transport garbage to every open socket, then closes it. */
  sendGarbage(bytes = 64): void {
    for (const socket of this.sockets) socket.end(randomBytes(bytes), () => socket.destroy())
  }

  get connectionCount(): number {
    return this.connections.size
  }

  async close(): Promise<void> {
    this.dropConnections()
    await Promise.all([
      new Promise<void>((resolve) => this.server.close(() => resolve())),
      ...this.web.map((listener) => listener.close()),
    ])
  }
}
