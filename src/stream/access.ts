import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare
  return isIP(v4) === 4 && v4.startsWith('127.')
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

/** The request's token (`Authorization: Bearer …` or `?token=`) compared with `token` in constant time. */
export function hasToken(req: IncomingMessage, query: URLSearchParams, token: string): boolean {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')?.[1]
  const given = bearer ?? query.get('token')
  // hashing first makes the lengths equal, so nothing leaks through timingSafeEqual's length check
  return given !== null && timingSafeEqual(digest(given), digest(token))
}

/**
 * Without a token only loopback Host headers are accepted, so a web page
 * cannot reach the server through a DNS name rebound to 127.0.0.1.
 */
export function hostAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host
  if (host === undefined) return false
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!
  return isLoopbackHost(name)
}
