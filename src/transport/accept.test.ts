import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { type AddressInfo, createServer, connect as netConnect, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type AcceptedTransport, type AcceptOptions, acceptTransport } from './accept.js'
import type { TransportName } from './codec.js'
import { type ConnectOptions, connectTransport } from './connect.js'
import type { FramedConnection } from './connection.js'
import { FramingError } from './errors.js'

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

describe('acceptTransport', () => {
  it('reports garbage as FramingError on the server', async () => {
    const { port, accepted } = await listen()
    const raw = netConnect(port, '127.0.0.1')
    raw.on('error', () => undefined)
    await once(raw, 'connect')
    raw.write(Buffer.from('eeeeeeeeffffff7f', 'hex'))
    const server = await accepted()
    await expect(server.conn.read()).rejects.toBeInstanceOf(FramingError)
    expect(await server.conn.closed).toBeInstanceOf(FramingError)
    raw.destroy()
  })

  it('rejects accept on an unknown obfuscated tag, a refused plain transport or an early close', async () => {
    const secret = randomBytes(16)
    const { port, accepted } = await listen({ secret })
    const bad = await dial(port, { transport: 'padded', obfuscated: true })
    await expect(accepted()).rejects.toBeInstanceOf(FramingError)
    await bad.closed
    const plain = await dial(port, { transport: 'intermediate' })
    await expect(accepted()).rejects.toBeInstanceOf(FramingError)
    await plain.closed
    const good = await dial(port, { transport: 'padded', secret })
    await good.send(randomBytes(32))
    expect((await accepted()).name).toBe('padded')
    const raw = netConnect(port, '127.0.0.1')
    raw.end(Buffer.from('0102', 'hex'))
    await expect(accepted()).rejects.toThrow(/before the transport header/)
  })

  it('aborts an accept that is still waiting for the header', async () => {
    const ac = new AbortController()
    const { port, accepted } = await listen({ signal: ac.signal })
    const raw = netConnect(port, '127.0.0.1')
    raw.on('error', () => undefined)
    await once(raw, 'connect')
    const pending = accepted()
    ac.abort(new Error('shutdown'))
    await expect(pending).rejects.toThrow('shutdown')
    raw.destroy()
  })
})
