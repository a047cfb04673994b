import { describe, expect, it } from 'vitest'
import { describeProxy, ProxyConfigError, parseMtproxySecret, parseProxy } from './proxy-config.js'

const KEY = '0123456789abcdef0123456789abcdef'
const DOMAIN_HEX = Buffer.from('example.com').toString('hex')

describe('proxy URLs', () => {
  it('parses socks5 with credentials (percent-decoded) and http without', () => {
    expect(parseProxy('socks5://al%40ice:p%3Ass@proxy.example:1081')).toEqual({
      kind: 'socks5',
      host: 'proxy.example',
      port: 1081,
      username: 'al@ice',
      password: 'p:ss',
    })
    expect(parseProxy('socks5h://10.0.0.1:9050')).toEqual({ kind: 'socks5', host: '10.0.0.1', port: 9050 })
    expect(parseProxy('http://127.0.0.1:3128')).toEqual({ kind: 'http', host: '127.0.0.1', port: 3128 })
    expect(parseProxy('http://u:p@[::1]:8080/')).toEqual({
      kind: 'http',
      host: '::1',
      port: 8080,
      username: 'u',
      password: 'p',
    })
  })

  it('uses the scheme default port when none is given', () => {
    expect(parseProxy('socks5://h').port).toBe(1080)
    expect(parseProxy('http://h').port).toBe(80)
  })

  it.each([
    ['host:1080', /must be a URL/],
    ['ftp://h:1', /unsupported proxy scheme "ftp:"/],
    ['socks4://h:1', /SOCKS4 is not supported/],
    ['https://proxy.corp:443', /https:\/\/ proxies/],
    ['socks5://h:0', /out of range/],
    ['socks5://h:70000', /out of range|not a valid URL/],
    ['socks5://h:1/x', /no path/],
    ['http://h:1?a=b', /no query/],
    ['socks5://:pw@h:1', /password without a username/],
    ['http://a%3Ab:c@h:1', /cannot contain ":"/],
    ['socks5://h_ost!:1', /not a valid/],
  ])('rejects %s', (input, message) => {
    expect(() => parseProxy(input)).toThrow(ProxyConfigError)
    expect(() => parseProxy(input)).toThrow(message)
  })
})

describe('Telegram proxy links', () => {
  it('parses tg://proxy with a plain hex secret', () => {
    const p = parseProxy(`tg://proxy?server=1.2.3.4&port=443&secret=${KEY}`)
    expect(p).toMatchObject({ kind: 'mtproxy', host: '1.2.3.4', port: 443, mode: 'plain' })
    expect(Buffer.from((p as { secret: Uint8Array }).secret).toString('hex')).toBe(KEY)
  })

  it('parses t.me and telegram.me links with dd secrets', () => {
    for (const base of ['https://t.me/proxy', 'https://telegram.me/proxy', 'tg:proxy']) {
      const p = parseProxy(`${base}?server=mt.example.org&port=8443&secret=dd${KEY}`)
      expect(p).toMatchObject({ kind: 'mtproxy', host: 'mt.example.org', port: 8443, mode: 'padded' })
    }
  })

  it('parses ee (fake-TLS) secrets in hex and base64url, extracting the domain', () => {
    const bytes = Buffer.from(`ee${KEY}${DOMAIN_HEX}`, 'hex')
    for (const secret of [
      bytes.toString('hex'),
      bytes.toString('base64url'),
      encodeURIComponent(bytes.toString('base64')),
    ]) {
      const p = parseProxy(`https://t.me/proxy?server=s.example&port=443&secret=${secret}`)
      expect(p).toMatchObject({ kind: 'mtproxy', mode: 'faketls', domain: 'example.com' })
      expect(Buffer.from((p as { secret: Uint8Array }).secret).equals(bytes)).toBe(true)
    }
  })

  it('keeps an unescaped + of standard base64 (the query parser would make it a space)', () => {
    const bytes = Buffer.from(`ee${KEY}${DOMAIN_HEX}`, 'hex')
    bytes[5] = 0xfb // makes '+' / '-' appear
    const b64 = bytes.toString('base64')
    expect(parseMtproxySecret(b64).mode).toBe('faketls')
    const p = parseProxy(`tg://proxy?server=s&port=1&secret=${b64}`)
    expect(Buffer.from((p as { secret: Uint8Array }).secret).equals(bytes)).toBe(true)
  })

  it('parses tg://socks and t.me/socks links', () => {
    expect(parseProxy('tg://socks?server=h&port=1080&user=u&pass=p')).toEqual({
      kind: 'socks5',
      host: 'h',
      port: 1080,
      username: 'u',
      password: 'p',
    })
    expect(parseProxy('https://t.me/socks?server=h&port=1')).toEqual({ kind: 'socks5', host: 'h', port: 1 })
  })

  it.each([
    [`tg://proxy?port=1&secret=${KEY}`, /no server=/],
    [`tg://proxy?server=h&secret=${KEY}`, /no port=/],
    ['tg://proxy?server=h&port=1', /no secret=/],
    [`tg://proxy?server=h&port=x&secret=${KEY}`, /not a number/],
    ['tg://resolve?domain=x', /not a proxy link/],
    [`https://example.com/proxy?server=h&port=1&secret=${KEY}`, /not supported/],
    ['tg://proxy?server=h&port=1&secret=0123', /too short/],
    [`tg://proxy?server=h&port=1&secret=dd${KEY}00`, /must be 17 bytes/],
    [`tg://proxy?server=h&port=1&secret=ee${KEY}`, /has no domain/],
    [`tg://proxy?server=h&port=1&secret=ee${KEY}2f2f`, /invalid domain/],
    [`tg://proxy?server=h&port=1&secret=ab${KEY}`, /must start with dd or ee \(got ab\)/],
    ['tg://proxy?server=h&port=1&secret=%%%', /not a valid URL|neither hex nor base64/],
  ])('rejects %s', (input, message) => {
    expect(() => parseProxy(input)).toThrow(message)
  })

  it('never puts the secret or the password into an error', () => {
    const secret = `ab${KEY}`
    try {
      parseProxy(`tg://proxy?server=h&port=1&secret=${secret}`)
      expect.unreachable()
    } catch (e) {
      expect(String(e)).not.toContain(KEY)
    }
    try {
      parseProxy('socks5://u:hunter2@h:99999')
      expect.unreachable()
    } catch (e) {
      expect(String(e)).not.toContain('hunter2')
    }
  })
})

describe('describeProxy', () => {
  it('redacts usernames, passwords and secrets', () => {
    expect(describeProxy(parseProxy('socks5://bob:hunter2@h:1080'))).toBe('socks5://***:***@h:1080')
    expect(describeProxy(parseProxy('http://bob@h:3128'))).toBe('http://***@h:3128')
    expect(describeProxy(parseProxy('http://h:3128'))).toBe('http://h:3128')
    const mt = describeProxy(parseProxy(`tg://proxy?server=::1&port=443&secret=ee${KEY}${DOMAIN_HEX}`))
    expect(mt).toBe('mtproxy://[::1]:443 (faketls, domain example.com, secret redacted)')
    expect(mt).not.toContain(KEY)
  })
})
