import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl } from '../../tl/index.js'
import { generateWorld } from '../world/generate.js'
import { toTlUser } from './user.js'

const world = generateWorld({ seed: 3 })
const premium = world.accounts.find((a) => a.premium && a.username)!
const bot = world.bots[0]!

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
