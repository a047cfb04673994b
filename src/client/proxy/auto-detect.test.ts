import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { detectProxy, matchesNoProxy, type ProxyProbe, tcpProbe } from './auto-detect.js'

const nothing: ProxyProbe = async () => false
const only =
  (...ports: number[]): ProxyProbe =>
  async (_h, port) =>
    ports.includes(port)

describe('detectProxy', () => {
  it('takes ALL_PROXY (socks5) and says why, redacting the username and password', async () => {
    const r = await detectProxy({ ALL_PROXY: 'socks5://u:secretpw@10.1.1.1:1080' }, nothing)
    expect(r.proxy).toEqual({
      kind: 'socks5',
      host: '10.1.1.1',
      port: 1080,
      username: 'u',
      password: 'secretpw',
    })
    expect(r.reason).toBe('ALL_PROXY: socks5://***:***@10.1.1.1:1080')
  })

  it('prefers https_proxy over all_proxy and lowercase over uppercase', async () => {
    const r = await detectProxy(
      { all_proxy: 'socks5://a:1', HTTPS_PROXY: 'http://b:2', https_proxy: 'http://c:3' },
      nothing,
    )
    expect(r.proxy).toMatchObject({ kind: 'http', host: 'c', port: 3 })
    expect(r.reason).toMatch(/^https_proxy:/)
  })

  it('ignores HTTP_PROXY and skips invalid values, saying so', async () => {
    const r = await detectProxy(
      { HTTP_PROXY: 'http://x:1', https_proxy: 'ftp://y:2', ALL_PROXY: 'http://z:3' },
      nothing,
    )
    expect(r.proxy).toMatchObject({ host: 'z', port: 3 })
    expect(r.reason).toContain('ignored https_proxy: unsupported proxy scheme "ftp:"')
  })

  it('honors NO_PROXY for 127.0.0.1 / localhost targets', async () => {
    const env = { ALL_PROXY: 'socks5://p:1080', NO_PROXY: 'localhost,.corp' }
    expect((await detectProxy(env, nothing, { targetHost: '127.0.0.1' })).proxy).toBeUndefined()
    expect((await detectProxy(env, nothing, { targetHost: '149.154.167.50' })).proxy).toBeDefined()
    expect(matchesNoProxy('localhost', '127.0.0.1:8080')).toBe(true)
    expect(matchesNoProxy('a.corp', '*.corp')).toBe(true)
    expect(matchesNoProxy('acorp', '.corp')).toBe(false)
    expect(matchesNoProxy('anything', '*')).toBe(true)
  })

  it('probes local ports in order of preference', async () => {
    const seen: string[] = []
    const probe: ProxyProbe = async (host, port, kind, timeout) => {
      seen.push(`${host}:${port}/${kind}/${timeout}`)
      return port === 9050 || port === 3128
    }
    const r = await detectProxy({}, probe, { probeTimeoutMs: 100 })
    expect(r.proxy).toEqual({ kind: 'socks5', host: '127.0.0.1', port: 9050 })
    expect(r.reason).toBe('Tor SOCKS5 answering on 127.0.0.1:9050')
    expect(seen).toEqual([
      '127.0.0.1:1080/socks5/100',
      '127.0.0.1:9050/socks5/100',
      '127.0.0.1:8080/http/100',
      '127.0.0.1:3128/http/100',
    ])
    expect((await detectProxy({}, only(3128))).proxy).toEqual({ kind: 'http', host: '127.0.0.1', port: 3128 })
  })

  it('goes direct when nothing answers, when probing is off, or for a local target', async () => {
    expect(await detectProxy({}, nothing)).toEqual({
      reason: 'direct: no proxy variable set and nothing on 127.0.0.1 ports 1080, 9050, 8080, 3128',
    })
    expect((await detectProxy({}, only(1080), { probe: false })).proxy).toBeUndefined()
    expect((await detectProxy({}, only(1080), { targetHost: 'localhost' })).reason).toBe(
      'direct: localhost is local',
    )
    const failing: ProxyProbe = async () => {
      throw new Error('boom')
    }
    expect((await detectProxy({}, failing)).proxy).toBeUndefined()
  })
})

describe('tcpProbe', () => {
  it('wants a SOCKS5 reply on socks ports, an open port on http ones, and times out fast', async () => {
    const server = createServer((s) => s.on('data', () => s.end(Buffer.from([5, 0]))))
    const silent = createServer(() => undefined)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const quiet = (silent.address() as { port: number }).port
    expect(await tcpProbe('127.0.0.1', port, 'socks5', 500)).toBe(true)
    expect(await tcpProbe('127.0.0.1', quiet, 'http', 500)).toBe(true)
    const t = Date.now()
    expect(await tcpProbe('127.0.0.1', quiet, 'socks5', 100)).toBe(false)
    expect(Date.now() - t).toBeLessThan(1000)
    server.close()
    silent.close()
    expect(await tcpProbe('127.0.0.1', port, 'socks5', 500)).toBe(false)
  })
})
