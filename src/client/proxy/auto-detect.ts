/**
 * Picks a proxy without being told: the standard environment variables first, then
 * well-known local proxy ports on 127.0.0.1, else a direct connection. The result
 * says which was chosen and why (credentials redacted).
 */
import { connect as netConnect } from 'node:net'
import { describeProxy, type ProxyConfig, parseProxy } from './proxy-config.js'

export interface DetectedProxy {
  proxy?: ProxyConfig
  reason: string
}

/** Is something speaking `kind` on host:port? Must settle within about `timeoutMs`. */
export type ProxyProbe = (
  host: string,
  port: number,
  kind: 'socks5' | 'http',
  timeoutMs: number,
) => Promise<boolean>

export interface DetectOptions {
  /** Where we are going to connect; NO_PROXY is matched against it (default: Telegram, matches nothing local). */
  targetHost?: string
  /** Per-port probe timeout (default 250 ms); the ports are probed in parallel. */
  probeTimeoutMs?: number
  /** Skip probing local ports. */
  probe?: false
}

/** In order of preference. */
export const LOCAL_PROXY_PORTS: readonly { port: number; kind: 'socks5' | 'http'; what: string }[] = [
  { port: 1080, kind: 'socks5', what: 'SOCKS5' },
  { port: 9050, kind: 'socks5', what: 'Tor SOCKS5' },
  { port: 8080, kind: 'http', what: 'HTTP proxy' },
  { port: 3128, kind: 'http', what: 'HTTP proxy (Squid)' },
]

/**
 * Scheme-specific beats ALL_PROXY, lowercase beats uppercase (curl's rules). Telegram
 * traffic is raw TCP, so only proxies that can tunnel are used: HTTPS_PROXY (CONNECT)
 * and ALL_PROXY (socks5:// or http://). HTTP_PROXY is for plain HTTP and is ignored.
 */
const ENV_VARS = ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'] as const

export async function detectProxy(
  env: NodeJS.ProcessEnv = process.env,
  probe: ProxyProbe = tcpProbe,
  opts: DetectOptions = {},
): Promise<DetectedProxy> {
  const noProxy = env.no_proxy ?? env.NO_PROXY
  const ignored: string[] = []
  for (const name of ENV_VARS) {
    const value = env[name]?.trim()
    if (!value) continue
    if (opts.targetHost !== undefined && noProxy !== undefined && matchesNoProxy(opts.targetHost, noProxy)) {
      return { reason: `direct: ${name} is set but NO_PROXY covers ${opts.targetHost}` }
    }
    try {
      const proxy = parseProxy(value)
      if (proxy.kind === 'mtproxy') throw new Error('an MTProxy link is not a *_PROXY value')
      const skipped = ignored.length > 0 ? ` (ignored ${ignored.join('; ')})` : ''
      return { proxy, reason: `${name}: ${describeProxy(proxy)}${skipped}` }
    } catch (e) {
      ignored.push(`${name}: ${(e as Error).message}`)
    }
  }
  const skipped = ignored.length > 0 ? ` (ignored ${ignored.join('; ')})` : ''
  if (opts.probe === false) return { reason: `direct: no proxy variable set${skipped}` }
  if (opts.targetHost !== undefined && isLoopback(opts.targetHost)) {
    return { reason: `direct: ${opts.targetHost} is local${skipped}` }
  }
  const timeout = opts.probeTimeoutMs ?? 250
  const open = await Promise.all(
    LOCAL_PROXY_PORTS.map((p) => probe('127.0.0.1', p.port, p.kind, timeout).catch(() => false)),
  )
  const found = LOCAL_PROXY_PORTS.findIndex((_, i) => open[i])
  if (found !== -1) {
    const p = LOCAL_PROXY_PORTS[found]!
    const proxy: ProxyConfig = { kind: p.kind, host: '127.0.0.1', port: p.port }
    return { proxy, reason: `${p.what} answering on 127.0.0.1:${p.port}${skipped}` }
  }
  const ports = LOCAL_PROXY_PORTS.map((p) => p.port).join(', ')
  return { reason: `direct: no proxy variable set and nothing on 127.0.0.1 ports ${ports}${skipped}` }
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127\./.test(h)
}

/** NO_PROXY: comma/space list of hosts, `.suffix`/`*.suffix` domains, optional :port, `*` = all. */
export function matchesNoProxy(host: string, noProxy: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase()
    if (entry === '') continue
    if (entry === '*') return true
    if (!entry.startsWith('[') && (entry.match(/:/g) ?? []).length === 1) entry = entry.replace(/:\d+$/, '')
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*\./, '.')
    if (
      entry.startsWith('.')
        ? h.endsWith(entry) || h === entry.slice(1)
        : h === entry || h.endsWith(`.${entry}`)
    ) {
      return true
    }
    // localhost and 127.0.0.1 stand for each other
    if (isLoopback(h) && isLoopback(entry)) return true
  }
  return false
}

/**
 * TCP connect; for SOCKS ports also sends a SOCKS5 greeting and wants a version-5 reply,
 * so an unrelated service on 1080/9050 is not mistaken for a proxy. HTTP ports are
 * taken on an open port alone.
 */
export const tcpProbe: ProxyProbe = (host, port, kind, timeoutMs) =>
  new Promise<boolean>((resolve) => {
    const socket = netConnect({ host, port })
    let settled = false
    const done = (ok: boolean): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.on('error', () => done(false))
    socket.on('close', () => done(false))
    socket.on('connect', () => {
      if (kind === 'http') done(true)
      else socket.write(Buffer.from([5, 1, 0]))
    })
    socket.on('data', (d: Buffer) => done(d[0] === 5))
  })
