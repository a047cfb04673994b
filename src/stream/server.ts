import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hasToken, hostAllowed, isLoopbackHost } from './access.js'
import { createStreamHandler, type StreamRouteOptions, sendText } from './http-routes.js'
import { queryOf } from './request-target.js'

export interface StreamServerOptions extends StreamRouteOptions {
  /** default 127.0.0.1; anything but a loopback address needs `token` */
  host?: string
  /** default 0: a free port */
  port?: number
  /** when set, every request must carry it (`Authorization: Bearer <token>` or `?token=<token>`) */
  token?: string
}

export interface StreamServer {
  /** `http://host:port/` */
  url: string
  /** stops listening and cuts every open response */
  close(): Promise<void>
}

/** The HTTP server of `tgfetch serve`. */
export async function startStreamServer(opts: StreamServerOptions): Promise<StreamServer> {
  const { host = '127.0.0.1', port = 0, token } = opts
  if (token === '') throw new Error('the stream server token must not be empty')
  if (!isLoopbackHost(host) && token === undefined) {
    throw new Error(`the stream server needs a token to listen on ${host}, which is not a loopback address`)
  }
  const handle = createStreamHandler(opts)
  const server = createServer((req, res) => {
    if (token !== undefined && !hasToken(req, queryOf(req.url), token)) {
      sendText(res, 401, 'a token is required', { 'WWW-Authenticate': 'Bearer' })
    } else if (token === undefined && !hostAllowed(req)) {
      sendText(res, 403, 'use a loopback address (127.0.0.1, localhost) or start the server with a token')
    } else {
      handle(req, res).catch((e: unknown) => {
        opts.onError?.(e)
        res.destroy()
      })
    }
  })
  server.listen(port, host)
  await once(server, 'listening')
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}
