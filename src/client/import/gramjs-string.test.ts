import { randomBytes } from 'node:crypto'
import { sessions } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { describe, expect, it } from 'vitest'
import {
  BASE64_FUZZ_ALPHABET,
  mutateBytes,
  mutateString,
  parsesOrRefuses,
  seededRandom,
} from './fuzz.test-helper.js'
import { parseGramjsString } from './gramjs-string.js'

const key = randomBytes(256)

/** a real string from GramJS 2.x's own StringSession.save() */
async function gramjsString(dc: number, host: string, port: number): Promise<string> {
  const session = new sessions.StringSession('')
  session.setDC(dc, host, port)
  const authKey = new AuthKey()
  await authKey.setKey(key)
  session.setAuthKey(authKey)
  return session.save()
}

describe('GramJS string sessions', () => {
  it('reads a string GramJS itself saved', async () => {
    const s = await gramjsString(2, '149.154.167.51', 443)
    const got = parseGramjsString(s)
    expect(got).toMatchObject({
      dcId: 2,
      serverAddress: { host: '149.154.167.51', port: 443 },
      testMode: false,
    })
    expect(Buffer.from(got.authKey).equals(key)).toBe(true)
    const named = parseGramjsString(await gramjsString(4, 'testkit.example', 8443))
    expect(named.serverAddress).toEqual({ host: 'testkit.example', port: 8443 })
  })

  it('reads the Telethon IPv4 layout and the raw IPv6 form as GramJS does', () => {
    const v4 = Buffer.concat([Buffer.from([3, 149, 154, 175, 100, 1, 187]), key])
    expect(parseGramjsString(`1${v4.toString('base64')}`).serverAddress).toEqual({
      host: '149.154.175.100',
      port: 443,
    })
    const ip6 = Buffer.from('20010b28f23d f001 0000 0000 0000 000a'.replace(/ /g, ''), 'hex')
    const v6 = Buffer.concat([Buffer.from([2]), ip6, Buffer.from([1, 187]), key])
    expect(parseGramjsString(`1${v6.toString('base64')}`).serverAddress?.host).toBe('2001:b28:f23d:f001::a')
  })

  it('refuses malformed strings with a reason', async () => {
    const good = await gramjsString(2, '149.154.167.51', 443)
    const raw = Buffer.from(good.slice(1), 'base64')
    expect(() => parseGramjsString(`0${good.slice(1)}`)).toThrow(/gramjs-string session: unknown version/)
    expect(() => parseGramjsString(`1${raw.subarray(0, 200).toString('base64')}`)).toThrow(/truncated|bytes/)
    const long = Buffer.from(raw)
    long[2] = 30 // address length past the real one: the key comes out short
    expect(() => parseGramjsString(`1${long.toString('base64')}`)).toThrow(
      /auth key is|truncated|port|printable/,
    )
    const ctl = Buffer.from(raw)
    ctl[3] = 0x07
    expect(() => parseGramjsString(`1${ctl.toString('base64')}`)).toThrow(/printable/)
  })

  it('survives fuzzing: every mutation parses cleanly or is refused with a SessionImportError', async () => {
    const rand = seededRandom(0x6a5)
    const good = await gramjsString(2, '149.154.167.51', 443)
    const raw = Buffer.from(good.slice(1), 'base64')
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 1500; i++) {
      const input =
        i % 2 === 0
          ? mutateString(good, rand, BASE64_FUZZ_ALPHABET)
          : `1${Buffer.from(mutateBytes(raw, rand)).toString('base64')}`
      outcomes[await parsesOrRefuses('gramjs-string', () => parseGramjsString(input))]++
    }
    expect(outcomes.refused).toBeGreaterThan(100)
    expect(outcomes.parsed).toBeGreaterThan(10)
  })
})
