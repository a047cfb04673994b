import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestkitCluster } from '../../testkit/cluster/cluster.js'
import type { ProxyConfig } from './proxy-config.js'
import { sessionVia, startHttpProxy, startSocks5Proxy, type TestProxy } from './proxy-servers.test-helper.js'
import { HttpProxyError, ProxyError, ProxyTimeoutError, socketFactoryFor } from './socket-factories.js'

let cluster: TestkitCluster
beforeAll(async () => {
  cluster = await TestkitCluster.start({ dcIds: [2], cdnDcIds: [] })
})
afterAll(() => cluster.close())

const sessionThrough = (proxy: ProxyConfig): Promise<number> => sessionVia(proxy, cluster)

describe('HTTP CONNECT', () => {
  let open: TestProxy
  let authed: TestProxy
  beforeAll(async () => {
    open = await startHttpProxy()
    authed = await startHttpProxy({ auth: { user: 'al:ice'.replace(':', ''), pass: 'p@ss w' } })
  })
  afterAll(async () => {
    await open.close()
    await authed.close()
  })

  it('carries an MTProto session (key exchange + RPC)', async () => {
    expect(await sessionThrough({ kind: 'http', host: '127.0.0.1', port: open.port })).toBe(2)
    expect(open.seen).toEqual([`CONNECT 127.0.0.1:${cluster.address(2).port}`])
  })

  it('reports 407 without credentials, as a typed error naming the status', async () => {
    const err = await sessionThrough({ kind: 'http', host: '127.0.0.1', port: authed.port }).catch((e) => e)
    expect(err).toBeInstanceOf(HttpProxyError)
    expect((err as HttpProxyError).status).toBe(407)
    expect((err as Error).message).toContain('407 Proxy Authentication Required')
  })

  it('sends Basic auth and then works; the password is not in errors', async () => {
    const proxy = {
      kind: 'http',
      host: '127.0.0.1',
      port: authed.port,
      username: 'alice',
      password: 'p@ss w',
    } as const
    expect(await sessionThrough(proxy)).toBe(2)
    expect(authed.seen.at(-1)).toBe(
      `CONNECT 127.0.0.1:${cluster.address(2).port} Basic ${Buffer.from('alice:p@ss w').toString('base64')}`,
    )
    const bad = await sessionThrough({ ...proxy, password: 'wrong-secret' }).catch((e) => e)
    expect((bad as HttpProxyError).status).toBe(407)
    expect(String(bad)).not.toContain('wrong-secret')
  })

  it('names other statuses too (502)', async () => {
    const p = await startHttpProxy({ status: '502 Bad Gateway' })
    const err = await socketFactoryFor({ kind: 'http', host: '127.0.0.1', port: p.port })(
      'x.invalid',
      443,
    ).catch((e) => e)
    await p.close()
    expect(err).toMatchObject({ name: 'HttpProxyError', status: 502 })
  })
})

/** A server that accepts and then says nothing, or floods header bytes. */
async function silentServer(flood = false): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => {
    s.on('error', () => undefined)
    if (flood) s.write(`HTTP/1.1 200 OK\r\n${'X: y\r\n'.repeat(5000)}`)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, port: (server.address() as { port: number }).port }
}

describe('connect limits', () => {
  it('times out a proxy that never answers', async () => {
    const { server, port } = await silentServer()
    for (const kind of ['http', 'socks5'] as const) {
      const started = Date.now()
      const err = await socketFactoryFor({ kind, host: '127.0.0.1', port }, { connectTimeoutMs: 200 })(
        'example.com',
        443,
      ).catch((e) => e)
      expect(err).toBeInstanceOf(ProxyTimeoutError)
      expect(Date.now() - started).toBeLessThan(2000)
    }
    server.close()
  })

  it('aborts with the caller signal', async () => {
    const { server, port } = await silentServer()
    const ac = new AbortController()
    const pending = socketFactoryFor({ kind: 'http', host: '127.0.0.1', port })('example.com', 443, ac.signal)
    setTimeout(() => ac.abort(new Error('stop')), 50)
    await expect(pending).rejects.toThrow('stop')
    server.close()
  })

  it('refuses an oversized response header', async () => {
    const { server, port } = await silentServer(true)
    const err = await socketFactoryFor({ kind: 'http', host: '127.0.0.1', port })('example.com', 443).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(ProxyError)
    expect((err as Error).message).toMatch(/over 16384 bytes/)
    server.close()
  })
})

describe('SOCKS5', () => {
  it('carries an MTProto session without auth', async () => {
    const p = await startSocks5Proxy()
    expect(await sessionThrough({ kind: 'socks5', host: '127.0.0.1', port: p.port })).toBe(2)
    expect(p.seen).toEqual([`connect 127.0.0.1:${cluster.address(2).port}`])
    await p.close()
  })

  it('authenticates with username/password and fails cleanly with a wrong one', async () => {
    const p = await startSocks5Proxy({ auth: { user: 'bob', pass: 'hunter2' } })
    const proxy = {
      kind: 'socks5',
      host: '127.0.0.1',
      port: p.port,
      username: 'bob',
      password: 'hunter2',
    } as const
    expect(await sessionThrough(proxy)).toBe(2)
    const bad = await sessionThrough({ ...proxy, password: 'nope-secret' }).catch((e) => e)
    expect(bad).toBeInstanceOf(ProxyError)
    expect((bad as Error).message).toBe(
      `the SOCKS5 proxy 127.0.0.1:${p.port} refused the username and password: check them`,
    )
    expect(String(bad)).not.toContain('nope-secret')
    const none = await sessionThrough({ kind: 'socks5', host: '127.0.0.1', port: p.port }).catch((e) => e)
    expect(none).toBeInstanceOf(ProxyError)
    await p.close()
  })
})
