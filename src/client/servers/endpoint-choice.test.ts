import { describe, expect, it } from 'vitest'
import { chooseEndpoint } from './endpoint-choice.js'
import type { DcEndpoint } from './server-list.js'

const option = (port: number, flags: Partial<DcEndpoint> = {}): DcEndpoint => ({
  id: 2,
  host: flags.ipv6 ? '2001:db8::2' : '10.0.0.2',
  port,
  mediaOnly: false,
  cdn: false,
  ...flags,
})

// shaped like Telegram's dc_options: v4 and v6, regular, media-only, obfuscation-only, a CDN
const options: DcEndpoint[] = [
  option(1, { id: 1 }),
  option(2),
  option(3, { ipv6: true }),
  option(4, { mediaOnly: true }),
  option(5, { mediaOnly: true, ipv6: true }),
  option(6, { id: 4, tcpoOnly: true }),
  option(7, { id: 4 }),
  option(8, { id: 5, tcpoOnly: true }),
  option(9, { id: 203, cdn: true }),
]
const port = (dcId: number, wish: Parameters<typeof chooseEndpoint>[2]) =>
  chooseEndpoint(options, dcId, wish)?.port

describe('choosing a DC address from dc_options', () => {
  it('takes the first regular IPv4 address by default', () => {
    expect(port(2, {})).toBe(2)
    expect(port(1, {})).toBe(1)
  })

  it('uses IPv6 only when asked, then prefers it, falling back to IPv4', () => {
    expect(chooseEndpoint([option(3, { ipv6: true })], 2)).toBeUndefined()
    expect(port(2, { preferIpv6: true })).toBe(3)
    expect(port(1, { preferIpv6: true })).toBe(1)
  })

  it('prefers media-only addresses for file transfers and never uses them otherwise', () => {
    expect(port(2, { media: true })).toBe(4)
    expect(port(2, { media: true, preferIpv6: true })).toBe(5)
    expect(chooseEndpoint([option(4, { mediaOnly: true })], 2)).toBeUndefined()
    // no media-only address: a regular one serves files too
    expect(port(1, { media: true })).toBe(1)
  })

  it('a media-only IPv4 address beats a regular IPv6 one', () => {
    const two = [option(3, { ipv6: true }), option(4, { mediaOnly: true })]
    expect(chooseEndpoint(two, 2, { media: true, preferIpv6: true })?.port).toBe(4)
  })

  it('uses CDN addresses for CDN DCs only', () => {
    expect(port(203, {})).toBeUndefined()
    expect(port(203, { cdn: true })).toBe(9)
    expect(port(2, { cdn: true })).toBeUndefined()
  })

  it('skips tcpo_only addresses unless the transport is obfuscated', () => {
    expect(port(4, {})).toBe(7)
    expect(port(4, { obfuscated: true })).toBe(6)
    expect(port(5, {})).toBeUndefined()
    expect(port(5, { obfuscated: true })).toBe(8)
  })

  it('knows nothing of a DC that is not listed', () => {
    expect(port(3, { media: true, preferIpv6: true, obfuscated: true })).toBeUndefined()
  })
})
