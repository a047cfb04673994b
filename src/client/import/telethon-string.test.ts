import { randomBytes } from 'node:crypto'
import { sessions } from 'telegram'
import { describe, expect, it } from 'vitest'
import { SessionImportError } from './common.js'
import {
  BASE64_FUZZ_ALPHABET,
  mutateBytes,
  mutateString,
  parsesOrRefuses,
  seededRandom,
} from './fuzz.test-helper.js'
import { parseTelethonString } from './telethon-string.js'

/** StringSession.save(): '1' + urlsafe_b64encode(struct.pack('>B{n}sH256s', dc, ip, port, key)) */
function telethonString(dc: number, ip: number[], port: number, key: Uint8Array): string {
  const packed = Buffer.concat([
    Buffer.from([dc]),
    Buffer.from(ip),
    Buffer.from([port >> 8, port & 0xff]),
    key,
  ])
  return `1${packed.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`
}

const key = new Uint8Array(randomBytes(256))

describe('Telethon string sessions', () => {
  it('reads an IPv4 session (353 characters)', () => {
    const s = telethonString(4, [149, 154, 167, 91], 443, key)
    expect(s).toHaveLength(353)
    const got = parseTelethonString(s)
    expect(got).toMatchObject({
      dcId: 4,
      serverAddress: { host: '149.154.167.91', port: 443 },
      testMode: false,
    })
    expect(Buffer.from(got.authKey).equals(key)).toBe(true)
  })

  it('reads an IPv6 session (369 characters) and flags a test DC by address', () => {
    const ip = [0x20, 0x01, 0x0b, 0x28, 0xf2, 0x3d, 0xf0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x0a]
    const got = parseTelethonString(telethonString(2, ip, 443, key))
    expect(got.serverAddress?.host).toBe('2001:b28:f23d:f001::a')
    expect(parseTelethonString(telethonString(2, [149, 154, 167, 40], 80, key)).testMode).toBe(true)
  })

  it('agrees with GramJS, which reads the same layout', () => {
    const s = telethonString(2, [149, 154, 167, 51], 443, key)
    const gram = new sessions.StringSession(s)
    expect([gram.dcId, gram.serverAddress, gram.port]).toEqual([2, '149.154.167.51', 443])
    expect(parseTelethonString(s).dcId).toBe(2)
  })

  it('refuses wrong versions, lengths, alphabets, empty keys and bad DCs by name', () => {
    const good = telethonString(2, [1, 2, 3, 4], 443, key)
    expect(() => parseTelethonString(`2${good.slice(1)}`)).toThrow(/telethon-string session: unknown version/)
    expect(() => parseTelethonString(good.slice(0, 300))).toThrow(/length 300/)
    expect(() => parseTelethonString(`${good.slice(0, 100)}*${good.slice(101)}`)).toThrow(/outside base64/)
    expect(() => parseTelethonString(telethonString(2, [1, 2, 3, 4], 443, new Uint8Array(256)))).toThrow(
      /not logged in/,
    )
    expect(() => parseTelethonString(telethonString(0, [1, 2, 3, 4], 443, key))).toThrow(/DC id 0/)
    expect(() => parseTelethonString(telethonString(2, [1, 2, 3, 4], 0, key))).toThrow(/port 0/)
    expect(() => parseTelethonString('')).toThrow(SessionImportError)
  })

  it('survives fuzzing: every mutation parses cleanly or is refused with a SessionImportError', async () => {
    const rand = seededRandom(0x7e1e)
    const good = telethonString(2, [149, 154, 167, 51], 443, key)
    const raw = Buffer.from(good.slice(1), 'base64')
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 1500; i++) {
      const input =
        i % 2 === 0
          ? mutateString(good, rand, BASE64_FUZZ_ALPHABET)
          : `1${Buffer.from(mutateBytes(raw, rand)).toString('base64url')}`
      outcomes[await parsesOrRefuses('telethon-string', () => parseTelethonString(input))]++
    }
    expect(outcomes.refused).toBeGreaterThan(100)
    expect(outcomes.parsed).toBeGreaterThan(10)
  })
})
