import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl } from '../../tl/index.js'
import { generateWorld } from '../world/generate.js'
import { serializeWithUsers, toTlUser } from './user.js'

const world = generateWorld({ seed: 3 })
const premium = world.accounts.find((a) => a.premium && a.username)!
const bot = world.bots[0]!

const idOf = (bytes: Uint8Array, at = 0) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true)

describe('toTlUser', () => {
  it('shows the phone to the user themself only', () => {
    const self = toTlUser(premium, { self: true })
    expect(self).toMatchObject({ id: premium.userId, self: true, phone: premium.phone, premium: true })
    expect(self.accessHash?.toString()).toBe(premium.accessHash)
    const other = toTlUser(premium, { self: false })
    expect(other.phone).toBeUndefined()
    expect(other.self).toBeUndefined()
    expect(other.username).toBe(premium.username)
  })

  it('flags bots, with a bot info version', () => {
    expect(toTlUser(bot, { self: false })).toMatchObject({
      bot: true,
      botInfoVersion: 1,
      username: bot.username,
    })
  })

  it('round-trips through our schema', () => {
    const user = toTlUser(premium, { self: true })
    expect(deserializeTl(serializeTl(user))).toMatchObject({
      _: 'user',
      id: premium.userId,
      phone: premium.phone,
    })
  })
})

describe('serializeWithUsers', () => {
  const user = toTlUser(premium, { self: true })
  const auth = { _: 'auth.authorization', user } as const

  it('writes the current schema for current layers and unknown ones', () => {
    expect(serializeWithUsers(auth, undefined)).toEqual(serializeTl(auth))
    expect(serializeWithUsers(auth, 227)).toEqual(serializeTl(auth))
  })

  it('writes user#4b46c37e for layer 198, the rest unchanged', () => {
    const current = serializeTl(auth)
    const old = serializeWithUsers(auth, 198)
    expect(idOf(old, 8)).toBe(0x4b46c37e)
    expect(old.subarray(12)).toEqual(current.subarray(12))
    expect(old.subarray(0, 8)).toEqual(current.subarray(0, 8))
  })

  it('writes a Vector<User>', () => {
    const users = [user, toTlUser(bot, { self: false })]
    const bytes = serializeWithUsers(users, 198)
    expect(idOf(bytes)).toBe(0x1cb5c415)
    expect(idOf(bytes, 4)).toBe(2)
    expect(idOf(bytes, 8)).toBe(0x4b46c37e)
    expect(bytes.length).toBe(8 + serializeTl(users[0]!).length + serializeTl(users[1]!).length)
  })
})
