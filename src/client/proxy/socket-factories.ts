/** SOCKS5 (`socks` package) and HTTP CONNECT factories, abortable, with a connect timeout; MTProxy options. */
import type { Duplex } from 'node:stream'
import { deadline } from '../../async/index.js'
import { TgfetchError } from '../../errors/index.js'
import { fakeTlsSocketFactory } from '../../transport/fake-tls/fake-tls.js'
import type { ConnectOptions, SocketFactory, TransportName } from '../../transport/index.js'
import { tcpSocketFactory } from '../../transport/index.js'
import { readPrefix } from '../../transport/read-prefix.js'
import { describeProxy, type ProxyConfig } from './proxy-config.js'

export const DEFAULT_PROXY_CONNECT_TIMEOUT_MS = 10_000
/** Largest CONNECT response header accepted from an HTTP proxy. */
export const MAX_HTTP_RESPONSE_HEADER = 16 * 1024
/** The `socks` package's message when a SOCKS5 proxy refuses the username and password. */
const SOCKS_AUTH_FAILED = 'Socks5 Authentication failed'

export interface ProxyFactoryOptions {
  /** Whole proxy handshake (TCP to the proxy + negotiation); default 10 s. */
  connectTimeoutMs?: number
  /** How to reach the proxy itself (default TCP). */
  baseFactory?: SocketFactory
}

/** Failure reported by (or while talking to) a proxy. Never includes credentials. */
export class ProxyError extends TgfetchError {
  readonly category = 'proxy'
}

/** The HTTP proxy answered CONNECT with a non-2xx status. */
export class HttpProxyError extends ProxyError {
  constructor(
    readonly status: number,
    readonly statusText: string,
    proxy: string,
  ) {
    super(`${proxy} refused CONNECT: ${status} ${statusText}`.trim())
  }
}

export class ProxyTimeoutError extends ProxyError {}

/** "the SOCKS5 proxy host:port": how users are told which proxy failed (never its credentials). */
function nameProxy(proxy: ProxyConfig): string {
  const kind = proxy.kind === 'socks5' ? 'SOCKS5 proxy' : proxy.kind === 'http' ? 'HTTP proxy' : 'MTProxy'
  return `the ${kind} ${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`
}

/** The TCP connection to the proxy itself; when that fails, the proxy is named as the cause. */
async function reachProxy(proxy: ProxyConfig, base: SocketFactory, signal?: AbortSignal): Promise<Duplex> {
  try {
    return await base(proxy.host, proxy.port, signal)
  } catch (e) {
    if (signal?.aborted) throw signal.reason
    const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined
    throw new ProxyError(
      code === 'ECONNREFUSED'
        ? `${nameProxy(proxy)} refused the connection (ECONNREFUSED): is it running, at this address?`
        : `cannot reach ${nameProxy(proxy)} (${code ?? String(e)})`,
    )
  }
}

/** SOCKS5 or HTTP CONNECT factory. MTProxy is not a tunnel: use `proxyConnectOptions`. */
export function socketFactoryFor(proxy: ProxyConfig, opts: ProxyFactoryOptions = {}): SocketFactory {
  if (proxy.kind === 'mtproxy') {
    throw new TypeError('MTProxy needs connect options (secret, proxy address): use proxyConnectOptions()')
  }
  const base = opts.baseFactory ?? tcpSocketFactory
  const ms = opts.connectTimeoutMs ?? DEFAULT_PROXY_CONNECT_TIMEOUT_MS
  return (host, port, signal) =>
    withTimeout(ms, proxy, signal, (s) =>
      proxy.kind === 'socks5'
        ? socks5Connect(proxy, host, port, s, base)
        : httpConnect(proxy, host, port, s, base),
    )
}

export type ProxyConnectOptions = Pick<ConnectOptions, 'socketFactory'> &
  Partial<Pick<ConnectOptions, 'host' | 'port' | 'secret' | 'obfuscated' | 'transport'>>

/**
 * Options to spread into connectTransport/openClientSession *after* the DC's own
 * host/port: for MTProxy they replace the address with the proxy's (the DC id in the
 * obfuscated2 init tells the proxy where to go), add the secret and force padded
 * intermediate for dd/ee secrets.
 */
export function proxyConnectOptions(proxy: ProxyConfig, opts: ProxyFactoryOptions = {}): ProxyConnectOptions {
  if (proxy.kind !== 'mtproxy') return { socketFactory: socketFactoryFor(proxy, opts) }
  const transport: TransportName | undefined = proxy.mode === 'plain' ? undefined : 'padded'
  const base = opts.baseFactory ?? tcpSocketFactory
  const timeout = opts.connectTimeoutMs ?? DEFAULT_PROXY_CONNECT_TIMEOUT_MS
  const socketFactory: SocketFactory =
    proxy.mode === 'faketls'
      ? fakeTlsSocketFactory(proxy.secret, proxy.domain!, {
          baseFactory: (_host, _port, s) => reachProxy(proxy, base, s),
          timeoutMs: timeout,
        })
      : (_host, _port, signal) => withTimeout(timeout, proxy, signal, (s) => reachProxy(proxy, base, s))
  return {
    host: proxy.host,
    port: proxy.port,
    secret: proxy.secret,
    obfuscated: true,
    socketFactory,
    ...(transport && { transport }),
  }
}

async function withTimeout(
  ms: number,
  proxy: ProxyConfig,
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<Duplex>,
): Promise<Duplex> {
  const limit = deadline(
    ms,
    signal,
    () => new ProxyTimeoutError(`proxy ${describeProxy(proxy)} did not connect within ${ms} ms`),
  )
  try {
    return await run(limit.signal)
  } finally {
    limit.dispose()
  }
}

async function socks5Connect(
  proxy: Extract<ProxyConfig, { kind: 'socks5' }>,
  host: string,
  port: number,
  signal: AbortSignal,
  base: SocketFactory,
): Promise<Duplex> {
  // loaded on first use: only a SOCKS5 proxy needs it
  const { SocksClient } = await import('socks')
  const socket = await reachProxy(proxy, base, signal)
  const onAbort = (): void => {
    socket.destroy()
  }
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    await SocksClient.createConnection({
      proxy: {
        host: proxy.host,
        port: proxy.port,
        type: 5,
        userId: proxy.username,
        password: proxy.password,
      },
      command: 'connect',
      destination: { host, port },
      existing_socket: socket,
    })
    signal.throwIfAborted()
    return handOver(socket)
  } catch (e) {
    socket.destroy()
    if (signal.aborted) throw signal.reason
    const message = e instanceof Error ? e.message : String(e)
    if (message === SOCKS_AUTH_FAILED)
      throw new ProxyError(`${nameProxy(proxy)} refused the username and password: check them`)
    throw new ProxyError(`SOCKS5 proxy ${describeProxy(proxy)}: ${message}`)
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function authority(host: string, port: number): string {
  if (/[\s/?#@]/.test(host))
    throw new ProxyError('destination host contains characters not allowed in CONNECT')
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}

async function httpConnect(
  proxy: Extract<ProxyConfig, { kind: 'http' }>,
  host: string,
  port: number,
  signal: AbortSignal,
  base: SocketFactory,
): Promise<Duplex> {
  const target = authority(host, port)
  const socket = await reachProxy(proxy, base, signal)
  let request = `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n`
  if (proxy.username !== undefined) {
    const token = Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')
    request += `Proxy-Authorization: Basic ${token}\r\n`
  }
  socket.write(`${request}\r\n`)
  const { head, rest } = await readHead(socket, signal, describeProxy(proxy))
  const statusLine = head.split('\r\n', 1)[0] ?? ''
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine)
  if (!m) {
    socket.destroy()
    throw new ProxyError(`HTTP proxy ${describeProxy(proxy)} sent a malformed status line`)
  }
  const status = Number(m[1])
  if (status < 200 || status > 299) {
    socket.destroy()
    throw new HttpProxyError(status, (m[2] ?? '').slice(0, 100), nameProxy(proxy))
  }
  return handOver(socket, rest)
}

/**
 * Pauses the socket (with any bytes read past the handshake put back) until the next
 * owner attaches a 'data' listener, so nothing the far end sends early is lost.
 */
function handOver(socket: Duplex, rest?: Buffer): Duplex {
  socket.pause()
  if (rest && rest.length > 0) socket.unshift(rest)
  const onListener = (event: string | symbol): void => {
    if (event !== 'data') return
    socket.off('newListener', onListener)
    process.nextTick(() => socket.resume())
  }
  socket.on('newListener', onListener)
  return socket
}

/** Reads up to the blank line ending the response header; the socket is destroyed on failure. */
function readHead(
  socket: Duplex,
  signal: AbortSignal,
  name: string,
): Promise<{ head: string; rest: Buffer }> {
  const tooLong = () =>
    new ProxyError(`HTTP proxy ${name} sent a response header over ${MAX_HTTP_RESPONSE_HEADER} bytes`)
  return readPrefix(socket, signal, {
    prefixLength(received) {
      const end = received.indexOf('\r\n\r\n')
      if (end > MAX_HTTP_RESPONSE_HEADER || (end === -1 && received.length > MAX_HTTP_RESPONSE_HEADER)) {
        throw tooLong()
      }
      return end === -1 ? undefined : end + 4
    },
    closed: () => new ProxyError(`HTTP proxy ${name} closed the connection during CONNECT`),
    failed: (err) => new ProxyError(`HTTP proxy ${name}: ${err.message}`),
  }).then(({ prefix, rest }) => ({ head: prefix.subarray(0, prefix.length - 4).toString('latin1'), rest }))
}
