/** Tiny in-test proxies on 127.0.0.1: HTTP CONNECT (optional Basic auth) and SOCKS5 (RFC 1928/1929 subset). */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net'
import { openClientSession } from '../../mtproto/index.js'
import type { TestkitCluster } from '../../testkit/cluster/cluster.js'
import type { ProxyConfig } from './proxy-config.js'
import { socketFactoryFor } from './socket-factories.js'

/** A real MTProto session (key exchange + help.getNearestDc) to testkit DC 2 through `proxy`. */
export async function sessionVia(proxy: ProxyConfig, cluster: TestkitCluster): Promise<number> {
  const { session } = await openClientSession({
    host: '127.0.0.1',
    port: cluster.address(2).port,
    dcId: 2,
    transport: 'intermediate',
    publicKeys: [cluster.rsaKey],
    socketFactory: socketFactoryFor(proxy, { connectTimeoutMs: 5000 }),
  })
  try {
    return (await session.call({ _: 'help.getNearestDc' })).thisDc
  } finally {
    session.close()
  }
}

export interface TestProxy {
  port: number
  /** CONNECT targets / SOCKS destinations seen, and Proxy-Authorization headers. */
  seen: string[]
  close(): Promise<void>
}

function relay(a: Socket, b: Socket): void {
  a.pipe(b)
  b.pipe(a)
  a.on('error', () => b.destroy())
  b.on('error', () => a.destroy())
  a.on('close', () => b.destroy())
  b.on('close', () => a.destroy())
}

async function listen(server: Server, sockets: Set<Socket>, seen: string[]): Promise<TestProxy> {
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  if (addr === null || typeof addr === 'string') throw new Error('no address')
  return {
    port: addr.port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

export function startHttpProxy(
  opts: { auth?: { user: string; pass: string }; status?: string } = {},
): Promise<TestProxy> {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    let buf = Buffer.alloc(0)
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk])
      const end = buf.indexOf('\r\n\r\n')
      if (end === -1) return
      client.off('data', onData)
      client.pause()
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n')
      const [method, target] = lines[0]!.split(' ')
      const auth = lines.find((l) => /^proxy-authorization:/i.test(l))?.split(': ')[1]
      seen.push(`${method} ${target}${auth ? ` ${auth}` : ''}`)
      if (opts.status) {
        client.end(`HTTP/1.1 ${opts.status}\r\nContent-Length: 0\r\n\r\n`)
        return
      }
      const want =
        opts.auth && `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.pass}`).toString('base64')}`
      if (want && auth !== want) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"\r\n\r\n',
        )
        return
      }
      const m = /^(.+):(\d+)$/.exec(target ?? '')
      const upstream = netConnect({ host: m![1]!.replace(/^\[|\]$/g, ''), port: Number(m![2]) }, () => {
        client.write('HTTP/1.1 200 Connection established\r\nX-Test: 1\r\n\r\n')
        const rest = buf.subarray(end + 4)
        if (rest.length > 0) upstream.write(rest)
        relay(client, upstream)
        client.resume()
      })
      upstream.on('error', () => client.destroy())
    }
    client.on('data', onData)
    client.on('error', () => undefined)
  })
  return listen(server, sockets, seen)
}

export function startSocks5Proxy(opts: { auth?: { user: string; pass: string } } = {}): Promise<TestProxy> {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    let buf = Buffer.alloc(0)
    let stage: 'greeting' | 'auth' | 'request' = 'greeting'
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk])
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + buf[1]!) return
        const version = buf[0]
        const methods = [...buf.subarray(2, 2 + buf[1]!)]
        buf = buf.subarray(2 + buf[1]!)
        const method = opts.auth ? 2 : 0
        if (version !== 5 || !methods.includes(method)) {
          client.end(Buffer.from([5, 0xff]))
          return
        }
        client.write(Buffer.from([5, method]))
        stage = opts.auth ? 'auth' : 'request'
      }
      if (stage === 'auth') {
        if (buf.length < 2) return
        const ulen = buf[1]!
        if (buf.length < 3 + ulen) return
        const plen = buf[2 + ulen]!
        if (buf.length < 3 + ulen + plen) return
        const user = buf.subarray(2, 2 + ulen).toString()
        const pass = buf.subarray(3 + ulen, 3 + ulen + plen).toString()
        buf = buf.subarray(3 + ulen + plen)
        seen.push(`auth ${user}`)
        const ok = user === opts.auth!.user && pass === opts.auth!.pass
        if (!ok) {
          client.end(Buffer.from([1, 1]))
          return
        }
        client.write(Buffer.from([1, 0]))
        stage = 'request'
      }
      if (buf.length < 5) return
      let host: string
      let off: number
      if (buf[3] === 1) {
        if (buf.length < 10) return
        host = [...buf.subarray(4, 8)].join('.')
        off = 8
      } else if (buf[3] === 3) {
        if (buf.length < 7 + buf[4]!) return
        host = buf.subarray(5, 5 + buf[4]!).toString()
        off = 5 + buf[4]!
      } else {
        client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]))
        return
      }
      const port = buf.readUInt16BE(off)
      const rest = buf.subarray(off + 2)
      client.off('data', onData)
      client.pause()
      seen.push(`connect ${host}:${port}`)
      const upstream = netConnect({ host, port }, () => {
        client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]))
        if (rest.length > 0) upstream.write(rest)
        relay(client, upstream)
        client.resume()
      })
      upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])))
    }
    client.on('data', onData)
    client.on('error', () => undefined)
  })
  return listen(server, sockets, seen)
}
