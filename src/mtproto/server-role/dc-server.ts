import { randomBytes } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import type { RsaPrivateKey } from '../../crypto/index.js'
import { acceptTransport } from '../../transport/index.js'
import { framedLink } from '../framed-link.js'
import { AuthKeyStore } from './auth-keys.js'
import { bindTempAuthKeyHandler } from './bind-temp-key-handler.js'
import type { HandlerRegistry } from './handlers.js'
import { type DcContext, ServerConnection } from './server-connection.js'

export interface DcServerOptions {
  dcId: number
  rsaKeys: RsaPrivateKey[]
  registry: HandlerRegistry
  host?: string
  /** 0 picks any free port */
  port?: number
  keys?: AuthKeyStore
  now?: () => number
  /** hooks for accounting, connection caps and faults (see {@link DcContext}) */
  hooks?: Pick<DcContext, 'onMessage' | 'onConnectionKey' | 'onConnectionClose' | 'onPacketSent'>
  /** MTProxy-style secret required from obfuscated clients */
  secret?: Uint8Array
}

/**
 * One data center of the server role: a TCP listener speaking every
 * transport, with its auth keys and method handlers.
 */
export class DcServer {
  readonly ctx: DcContext
  private readonly server: Server
  private readonly connections = new Set<ServerConnection>()
  private readonly sockets = new Set<Socket>()

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
    this.server = createServer((socket) => this.accept(socket))
  }

  async listen(): Promise<{ host: string; port: number }> {
    const host = this.opts.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.port ?? 0, host, () => resolve())
    })
    const address = this.server.address()
    if (!address || typeof address === 'string') throw new Error('no TCP address')
    return { host, port: address.port }
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true)
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
    for (const socket of this.sockets) socket.destroy()
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
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
