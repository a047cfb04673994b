import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'
import { TgfetchError } from '../errors/index.js'

/** The metrics port cannot be listened on (taken, not allowed). */
export class MetricsPortError extends TgfetchError {
  readonly category = 'input'
}

export interface MetricsServer {
  port: number
  close(): Promise<void>
}

/**
 * `GET /metrics` in Prometheus's text format on 127.0.0.1 only (port 0: any
 * free one); anything else is 404. The metrics say nothing secret, but a
 * worker's port is no business of other hosts.
 */
export async function serveMetrics(registry: Registry, port: number): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500).end(e instanceof Error ? e.message : 'metrics failed'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new MetricsPortError(`metrics port ${port}: ${e.message}`)))
    server.listen(port, '127.0.0.1', () => {
      server.removeAllListeners('error')
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
