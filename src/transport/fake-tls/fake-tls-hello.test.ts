import { describe, expect, it } from 'vitest'
import { buildClientHello, verifyClientHello } from './fake-tls-hello.js'

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const DOMAIN = Buffer.from('www.example.com').toString('hex')

describe('fake-TLS hello', () => {
  it('the fake-TLS ClientHello is 517 bytes, carries the SNI and a timed HMAC', () => {
    const secret = Buffer.from(`ee${KEY}${DOMAIN}`, 'hex')
    const { hello } = buildClientHello(secret, 'www.example.com', 1_700_000_000)
    expect(hello.length).toBe(517)
    expect(hello.subarray(0, 11).toString('hex')).toBe('1603010200010001fc0303')
    expect(hello.includes(Buffer.from('www.example.com'))).toBe(true)
    expect(
      verifyClientHello(secret, hello, { nowSeconds: 1_700_000_030, domain: 'www.example.com' }).ok,
    ).toBe(true)
    expect(verifyClientHello(secret, hello, { nowSeconds: 1_700_001_000 })).toEqual({
      ok: false,
      reason: 'timestamp out of range',
    })
    const other = Buffer.from(secret)
    other[3] = other[3]! ^ 1
    expect(verifyClientHello(other, hello, { nowSeconds: 1_700_000_000 })).toEqual({
      ok: false,
      reason: 'bad digest',
    })
  })
})
