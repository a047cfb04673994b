import { describe, expect, it } from 'vitest'
import { AUTO_ORDER, carriersOf } from './carriers.js'
import { TransportMemory } from './transport-memory.js'

describe('what auto tries, and in which order', () => {
  const all = [...AUTO_ORDER]

  it('offers TCP, then TLS WebSocket and HTTP, then the plain ones, as far as URLs are known', () => {
    expect(carriersOf({})).toEqual(['tcp'])
    expect(carriersOf({ http: 'http://h/api', wss: 'wss://h/apiws' })).toEqual(['tcp', 'wss', 'http'])
  })

  it('starts with what worked, and tries TCP first again once the retry time has passed', () => {
    let now = 0
    const memory = new TransportMemory(60_000, () => now)
    expect(memory.order('n', all)).toEqual(all)
    memory.remember('n', 'wss', ['tcp'])
    expect(memory.order('n', all)).toEqual(['wss', 'tcp', 'https', 'ws', 'http'])
    expect(memory.order('other', all)).toEqual(all)
    now = 60_000
    expect(memory.order('n', all)).toEqual(['tcp', 'wss', 'https', 'ws', 'http'])
    // TCP failed again: the fallback's clock restarts
    memory.remember('n', 'wss', ['tcp'])
    expect(memory.order('n', all)[0]).toBe('wss')
    now = 120_000
    memory.remember('n', 'tcp')
    expect(memory.order('n', all)).toEqual(all)
  })

  it('ignores a remembered carrier the DC has no address for', () => {
    const memory = new TransportMemory()
    memory.remember('n', 'https', ['tcp', 'wss'])
    expect(memory.order('n', ['tcp', 'wss'])).toEqual(['tcp', 'wss'])
  })

  it('trusts the remembered carrier (TCP when none) until it stops answering, then tries it last', () => {
    const memory = new TransportMemory()
    const all = [...AUTO_ORDER]
    expect(memory.trusted('n')).toBe('tcp')
    memory.suspect('n', 'tcp')
    expect(memory.trusted('n')).toBeUndefined()
    expect(memory.suspected('n')).toEqual(['tcp'])
    expect(memory.order('n', all)).toEqual(['wss', 'https', 'ws', 'http', 'tcp'])
    expect(memory.order('other', all)).toEqual(all)
    memory.remember('n', 'wss', ['tcp'])
    expect(memory.trusted('n')).toBe('wss')
    memory.suspect('n', 'wss')
    expect(memory.order('n', all)).toEqual(['https', 'ws', 'http', 'wss', 'tcp'])
    // working again: no longer suspect
    memory.remember('n', 'tcp')
    expect(memory.suspected('n')).toEqual(['wss'])
    expect(memory.trusted('n')).toBe('tcp')
    expect(memory.order('n', all)).toEqual(['tcp', 'https', 'ws', 'http', 'wss'])
  })
})
