import { once } from 'node:events'
import { type AddressInfo, createServer, type Server } from 'node:net'
import { afterEach } from 'vitest'
import { type AcceptedTransport, type AcceptOptions, acceptTransport } from './accept.js'
import type { TransportName } from './codec.js'
import { type ConnectOptions, connectTransport } from './connect.js'
import type { FramedConnection } from './connection.js'

/**
 * Real TCP on 127.0.0.1 for transport tests: `listen` accepts with
 * acceptTransport, `dial` connects with connectTransport; everything opened
 * is closed after each test.
 */
export function tcpHarness() {
  const servers: Server[] = []
  const conns: FramedConnection[] = []

  afterEach(async () => {
    for (const c of conns.splice(0)) c.close()
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
  })

  async function listen(
    opts: AcceptOptions = {},
  ): Promise<{ port: number; accepted: () => Promise<AcceptedTransport> }> {
    const server = createServer()
    servers.push(server)
    const queue: Promise<AcceptedTransport>[] = []
    server.on('connection', (s) => {
      const p = acceptTransport(s, opts)
      p.then((a) => conns.push(a.conn)).catch(() => undefined)
      queue.push(p)
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as AddressInfo).port
    const accepted = async (): Promise<AcceptedTransport> => {
      while (queue.length === 0) await new Promise((r) => setTimeout(r, 5))
      return queue.shift()!
    }
    return { port, accepted }
  }

  async function dial(port: number, opts: Partial<ConnectOptions> & { transport: TransportName }) {
    const conn = await connectTransport({ host: '127.0.0.1', port, dcId: 2, ...opts })
    conns.push(conn)
    return conn
  }

  return { listen, dial }
}
