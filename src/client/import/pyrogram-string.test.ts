import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  BASE64_FUZZ_ALPHABET,
  mutateBytes,
  mutateString,
  parsesOrRefuses,
  seededRandom,
} from './fuzz.test-helper.js'
import { parsePyrogramString } from './pyrogram-string.js'

const key = new Uint8Array(randomBytes(256))
const unpadded = (b: Buffer) =>
  b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** Storage.export_session_string(): struct.pack('>BI?256sQ?', dc, api_id, test, key, user_id, is_bot) */
function current(dc: number, apiId: number, test: boolean, userId: bigint, bot: boolean, k = key): string {
  const b = Buffer.alloc(271)
  b.writeUInt8(dc, 0)
  b.writeUInt32BE(apiId, 1)
  b.writeUInt8(test ? 1 : 0, 5)
  b.set(k, 6)
  b.writeBigUInt64BE(userId, 262)
  b.writeUInt8(bot ? 1 : 0, 270)
  return unpadded(b)
}

/** the old '>B?256sI?' (and '>B?256sQ?') layouts */
function old(dc: number, test: boolean, userId: number, bot: boolean, wide: boolean): string {
  const b = Buffer.alloc(wide ? 267 : 263)
  b.writeUInt8(dc, 0)
  b.writeUInt8(test ? 1 : 0, 1)
  b.set(key, 2)
  if (wide) b.writeBigUInt64BE(BigInt(userId), 258)
  else b.writeUInt32BE(userId, 258)
  b.writeUInt8(bot ? 1 : 0, b.length - 1)
  return unpadded(b)
}

describe('Pyrogram string sessions', () => {
  it('reads the current format (362 characters) with api id, test mode, user id and bot flag', () => {
    const s = current(5, 12345, false, 7_000_000_001n, true)
    expect(s).toHaveLength(362)
    const got = parsePyrogramString(s)
    expect(got).toMatchObject({ dcId: 5, apiId: 12345, testMode: false, userId: 7_000_000_001, isBot: true })
    expect(Buffer.from(got.authKey).equals(key)).toBe(true)
    expect(parsePyrogramString(`${s}==`).dcId).toBe(5)
    expect(parsePyrogramString(current(2, 1, true, 42n, false)).testMode).toBe(true)
  })

  it('reads both old formats (351 and 356 characters)', () => {
    expect(old(2, false, 777000, false, false)).toHaveLength(351)
    expect(parsePyrogramString(old(2, false, 777000, false, false))).toMatchObject({
      dcId: 2,
      userId: 777000,
    })
    expect(old(1, true, 5_000_000_000, true, true)).toHaveLength(356)
    expect(parsePyrogramString(old(1, true, 5_000_000_000, true, true))).toMatchObject({
      dcId: 1,
      testMode: true,
      userId: 5_000_000_000,
      isBot: true,
    })
  })

  it('refuses malformed strings with a reason', () => {
    expect(() => parsePyrogramString('abc')).toThrow(/pyrogram-string session: length 3/)
    expect(() => parsePyrogramString(current(2, 1, false, 1n, false, new Uint8Array(256)))).toThrow(
      /all zero/,
    )
    expect(() => parsePyrogramString(current(2, 1, false, 2n ** 63n, false))).toThrow(
      /user id .* out of range/,
    )
    const s = Buffer.from(current(2, 1, false, 1n, false), 'base64url')
    s[5] = 7
    expect(() => parsePyrogramString(unpadded(s))).toThrow(/boolean byte of 7/)
  })

  it('survives fuzzing: every mutation parses cleanly or is refused with a SessionImportError', async () => {
    const rand = seededRandom(0xb1a5)
    const good = current(4, 99, false, 123456789n, false)
    const raw = Buffer.from(good, 'base64url')
    const outcomes = { parsed: 0, refused: 0 }
    for (let i = 0; i < 1500; i++) {
      const input =
        i % 2 === 0
          ? mutateString(good, rand, BASE64_FUZZ_ALPHABET)
          : unpadded(Buffer.from(mutateBytes(raw, rand)))
      outcomes[await parsesOrRefuses('pyrogram-string', () => parsePyrogramString(input))]++
    }
    expect(outcomes.refused).toBeGreaterThan(100)
    expect(outcomes.parsed).toBeGreaterThan(10)
  })
})
