/**
 * Proxy settings: SOCKS5 and HTTP CONNECT URLs, and MTProxy links exactly as Telegram
 * shares them (`tg://proxy?server=…&port=…&secret=…`, `https://t.me/proxy?…`, and the
 * SOCKS form `tg://socks?server=…&port=…&user=…&pass=…`).
 *
 * Secrets, usernames and passwords never appear in error messages; use `describeProxy()` to log.
 */

import { TgfetchError } from '../../errors/index.js'

export type MtproxyMode = 'plain' | 'padded' | 'faketls'

export type ProxyConfig =
  | { kind: 'socks5'; host: string; port: number; username?: string; password?: string }
  | { kind: 'http'; host: string; port: number; username?: string; password?: string }
  | { kind: 'mtproxy'; host: string; port: number; secret: Uint8Array; mode: MtproxyMode; domain?: string }

export class ProxyConfigError extends TgfetchError {
  readonly category = 'input'
}

const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog'])
const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i
const IPV6 = /^[0-9a-f:.]+$/i

/** Parses any supported form: socks5://, socks5h://, http://, tg://proxy, tg://socks, t.me links. */
export function parseProxy(input: string): ProxyConfig {
  const text = input.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):(?=\/\/)|^(tg):/i.exec(text)?.slice(1).find(Boolean)?.toLowerCase()
  if (scheme === undefined) throw new ProxyConfigError('proxy must be a URL such as socks5://host:port')
  if (scheme === 'tg') return parseTelegramLink(text)
  if (scheme === 'https') {
    const host = safeUrl(text).hostname.toLowerCase()
    if (TELEGRAM_HOSTS.has(host)) return parseTelegramLink(text)
    throw new ProxyConfigError(
      'https:// proxies (TLS to the proxy) are not supported; use http:// or socks5://',
    )
  }
  return parseProxyUrl(text)
}

/** `socks5://user:pass@host:port` (also socks5h://) or `http://user:pass@host:port`. */
export function parseProxyUrl(input: string): ProxyConfig {
  const url = safeUrl(input.trim())
  const scheme = url.protocol.slice(0, -1).toLowerCase()
  let kind: 'socks5' | 'http'
  if (scheme === 'socks5' || scheme === 'socks5h' || scheme === 'socks') kind = 'socks5'
  else if (scheme === 'http') kind = 'http'
  else if (scheme === 'socks4' || scheme === 'socks4a')
    throw new ProxyConfigError('SOCKS4 is not supported, use socks5://')
  else throw new ProxyConfigError(`unsupported proxy scheme "${scheme}:" (expected socks5:, http: or tg:)`)
  if (url.pathname !== '' && url.pathname !== '/') throw new ProxyConfigError('a proxy URL has no path')
  if (url.search !== '' || url.hash !== '') throw new ProxyConfigError('a proxy URL has no query or fragment')
  const host = checkHost(url.hostname)
  const port = url.port === '' ? (kind === 'socks5' ? 1080 : 80) : checkPort(url.port)
  const username = url.username === '' ? undefined : decode(url.username, 'username')
  const password = url.password === '' ? undefined : decode(url.password, 'password')
  checkCredentials(kind, username, password)
  return {
    kind,
    host,
    port,
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
  }
}

/** `tg://proxy?…`, `tg://socks?…`, `https://t.me/proxy?…`, `https://t.me/socks?…`. */
export function parseTelegramLink(input: string): ProxyConfig {
  const url = safeUrl(input.trim())
  let what: string
  if (url.protocol === 'tg:') {
    // tg://proxy?x parses with hostname "proxy"; tg:proxy?x with pathname "proxy"
    what = (url.hostname || url.pathname).replace(/^\/+|\/+$/g, '').toLowerCase()
  } else if (url.protocol === 'https:' || url.protocol === 'http:') {
    if (!TELEGRAM_HOSTS.has(url.hostname.toLowerCase())) throw new ProxyConfigError('not a t.me proxy link')
    what = url.pathname.replace(/^\/+|\/+$/g, '').toLowerCase()
  } else {
    throw new ProxyConfigError('not a Telegram proxy link')
  }
  if (what !== 'proxy' && what !== 'socks') {
    throw new ProxyConfigError(`not a proxy link (expected /proxy or /socks, got "${what.slice(0, 40)}")`)
  }
  const params = url.searchParams
  const server = params.get('server')
  if (server === null || server === '') throw new ProxyConfigError('proxy link has no server=')
  const host = checkHost(server)
  const portText = params.get('port')
  if (portText === null || portText === '') throw new ProxyConfigError('proxy link has no port=')
  const port = checkPort(portText)
  if (what === 'socks') {
    const username = params.get('user') || undefined
    const password = params.get('pass') || undefined
    checkCredentials('socks5', username, password)
    return { kind: 'socks5', host, port, ...(username && { username }), ...(password && { password }) }
  }
  const secretText = params.get('secret')
  if (secretText === null || secretText === '') throw new ProxyConfigError('MTProxy link has no secret=')
  // URLSearchParams turns an unescaped '+' (standard base64) into a space
  return { kind: 'mtproxy', host, port, ...parseMtproxySecret(secretText.replace(/ /g, '+')) }
}

/**
 * An MTProxy secret, hex or base64(url): 16 bytes → plain, `dd` + 16 → padded
 * intermediate, `ee` + 16 + domain → fake-TLS. `secret` keeps the prefix byte
 * (connectTransport/normalizeSecret drop it).
 */
export function parseMtproxySecret(text: string): { secret: Uint8Array; mode: MtproxyMode; domain?: string } {
  const t = text.trim()
  let bytes: Buffer
  if (/^[0-9a-f]+$/i.test(t) && t.length % 2 === 0) {
    bytes = Buffer.from(t, 'hex')
  } else if (/^[A-Za-z0-9_\-+/]+={0,2}$/.test(t)) {
    bytes = Buffer.from(t.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url')
  } else {
    throw new ProxyConfigError('MTProxy secret is neither hex nor base64')
  }
  const secret = new Uint8Array(bytes)
  if (secret.length === 16) return { secret, mode: 'plain' }
  if (secret.length < 16)
    throw new ProxyConfigError(`MTProxy secret is too short (${secret.length} bytes, need 16)`)
  const prefix = secret[0]
  if (prefix === 0xdd) {
    if (secret.length !== 17) {
      throw new ProxyConfigError(`"dd" MTProxy secret must be 17 bytes, got ${secret.length}`)
    }
    return { secret, mode: 'padded' }
  }
  if (prefix === 0xee) {
    if (secret.length === 17) throw new ProxyConfigError('"ee" (fake-TLS) MTProxy secret has no domain')
    const domain = Buffer.from(secret.subarray(17)).toString('latin1')
    if (!HOSTNAME.test(domain))
      throw new ProxyConfigError('"ee" (fake-TLS) MTProxy secret has an invalid domain')
    return { secret, mode: 'faketls', domain: domain.toLowerCase() }
  }
  throw new ProxyConfigError(
    `MTProxy secret of ${secret.length} bytes must start with dd or ee (got ${prefix!.toString(16).padStart(2, '0')})`,
  )
}

/** A loggable one-line description: usernames, passwords and secrets redacted. */
export function describeProxy(proxy: ProxyConfig): string {
  const hostPort = `${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`
  if (proxy.kind === 'mtproxy') {
    const domain = proxy.domain === undefined ? '' : `, domain ${proxy.domain}`
    return `mtproxy://${hostPort} (${proxy.mode}${domain}, secret redacted)`
  }
  // a username is a credential too: logs and errors say only that there is one
  let auth = ''
  if (proxy.username !== undefined) auth = proxy.password ? '***:***@' : '***@'
  else if (proxy.password !== undefined) auth = ':***@'
  return `${proxy.kind}://${auth}${hostPort}`
}

function safeUrl(text: string): URL {
  try {
    return new URL(text)
  } catch {
    // the input may carry a password or a secret: do not echo it
    throw new ProxyConfigError('proxy is not a valid URL')
  }
}

function checkHost(raw: string): string {
  const host = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw
  if (host === '') throw new ProxyConfigError('proxy host is empty')
  if (host.includes(':')) {
    if (!IPV6.test(host)) throw new ProxyConfigError('proxy host is not a valid IPv6 address')
    return host
  }
  if (!HOSTNAME.test(host))
    throw new ProxyConfigError(`proxy host "${host.slice(0, 64)}" is not a valid hostname`)
  return host
}

function checkPort(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new ProxyConfigError(`proxy port "${text.slice(0, 16)}" is not a number`)
  const port = Number(text)
  if (port < 1 || port > 65535) throw new ProxyConfigError(`proxy port ${port} is out of range 1–65535`)
  return port
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new ProxyConfigError(`proxy ${what} is not valid percent-encoding`)
  }
}

function checkCredentials(kind: 'socks5' | 'http', username?: string, password?: string): void {
  if (password !== undefined && username === undefined)
    throw new ProxyConfigError('proxy password without a username')
  for (const [what, value] of [
    ['username', username],
    ['password', password],
  ] as const) {
    if (value === undefined) continue
    if (/[\r\n\0]/.test(value)) throw new ProxyConfigError(`proxy ${what} contains control characters`)
    if (kind === 'socks5' && Buffer.byteLength(value) > 255) {
      throw new ProxyConfigError(`SOCKS5 ${what} is longer than 255 bytes`)
    }
  }
  if (kind === 'http' && username?.includes(':'))
    throw new ProxyConfigError('HTTP proxy username cannot contain ":"')
}
