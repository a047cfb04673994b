import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isShaped, loadProfile, PRESETS, ProfileError, rttOf, validateProfile } from './profiles.js'

describe('network profiles', () => {
  it('has the presets with the agreed numbers', () => {
    const free = loadProfile('free')
    expect(free.rttMs).toBe(100)
    expect(free.connectionBytesPerSecond).toBe(2_000_000)
    expect(free.accountBytesPerSecond).toBe(20_000_000)
    expect(free.maxConnectionsPerAuthKey).toBe(20)
    const premium = loadProfile('premium')
    expect(premium.connectionBytesPerSecond).toBe(5_000_000)
    expect(premium.accountBytesPerSecond).toBe(80_000_000)
    expect(loadProfile('hostile').faults?.drop).toBeGreaterThan(0)
    expect(isShaped(loadProfile('lan'))).toBe(false)
    expect(isShaped(free)).toBe(true)
    for (const name of Object.keys(PRESETS)) expect(() => loadProfile(name)).not.toThrow()
  })

  it('gives per-DC RTT overrides', () => {
    const hostile = loadProfile('hostile')
    expect(rttOf(hostile, 5)).toBe(250)
    expect(rttOf(hostile, 2)).toBe(100)
  })

  it('loads a JSON file and names what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgfetch-profile-'))
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify({ ...PRESETS.free, name: 'mine', rttMs: 30 }))
    expect(loadProfile(good).rttMs).toBe(30)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ ...PRESETS.free, connectionBytesPerSecond: '2MB' }))
    expect(() => loadProfile(bad)).toThrow(/connectionBytesPerSecond must be a number/)
    writeFileSync(bad, '{ nope')
    expect(() => loadProfile(bad)).toThrow(/not valid JSON/)
    expect(() => loadProfile('no-such-profile')).toThrow(/not a preset \(lan, free, premium, hostile\)/)
  })

  it('rejects unknown fields, zero limits and probabilities above 1', () => {
    expect(() => validateProfile({ ...PRESETS.lan, rtt: 5 })).toThrow(ProfileError)
    expect(() => validateProfile({ ...PRESETS.free, accountBytesPerSecond: 0 })).toThrow(/positive or null/)
    expect(() => validateProfile({ ...PRESETS.free, faults: { drop: 2 } })).toThrow(/probability/)
    expect(() => validateProfile({ ...PRESETS.free, faults: { explode: 0.1 } })).toThrow(/unknown fault/)
    expect(() =>
      validateProfile({
        ...PRESETS.free,
        rateLimits: [{ method: 'upload.getFile', requests: 0, perSeconds: 1 }],
      }),
    ).toThrow(/zero is not a limit/)
  })
})
