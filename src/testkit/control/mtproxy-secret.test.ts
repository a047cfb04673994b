import { describe, expect, it } from 'vitest'
import { mtproxyLink, mtproxySecret } from './mtproxy-secret.js'

describe('MTProxy secrets for --mtproxy', () => {
  it('takes the three forms in hex, makes a fake-TLS one when none is given, and links to it', () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
    expect(mtproxySecret(key).bytes).toHaveLength(16)
    expect(mtproxySecret(`DD${key.toUpperCase()}`).hex).toBe(`dd${key}`)
    const tls = `ee${key}${Buffer.from('example.org').toString('hex')}`
    expect(Buffer.from(mtproxySecret(tls).bytes.subarray(17)).toString()).toBe('example.org')
    const fresh = mtproxySecret()
    expect(fresh.hex).toMatch(/^ee[0-9a-f]{32}7777772e6578616d706c652e636f6d$/)
    expect(mtproxySecret().hex).not.toBe(fresh.hex)
    expect(mtproxyLink('127.0.0.1', 4443, `dd${key}`)).toBe(
      `tg://proxy?server=127.0.0.1&port=4443&secret=dd${key}`,
    )
  })

  it('refuses anything else', () => {
    for (const bad of ['', 'a1b2', `ee${'0'.repeat(32)}`, `ff${'0'.repeat(32)}`, `dd${'0'.repeat(31)}g`])
      expect(() => mtproxySecret(bad)).toThrow(/must be 32 hex digits, dd \+ 32 hex digits, or ee/)
  })
})
