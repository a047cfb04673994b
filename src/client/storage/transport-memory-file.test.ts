import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUTO_ORDER } from '../servers/carriers.js'
import { RETRY_TCP_AFTER_MS, RETRY_TCP_AFTER_RUNS, TransportMemoryFile } from './transport-memory-file.js'

describe('transport.json: what auto found on each network, across runs', () => {
  const all = [...AUTO_ORDER]
  const dir = () => mkdtempSync(join(tmpdir(), 'tgfetch-transport-'))

  it('writes nothing while TCP works', () => {
    const home = dir()
    const memory = new TransportMemoryFile(home).begin('n')
    expect(memory.order('n', all)[0]).toBe('tcp')
    memory.remember('n', 'tcp')
    expect(() => statSync(join(home, 'transport.json'))).toThrow()
  })

  it(`starts later runs with the fallback (0600), and with TCP again after ${RETRY_TCP_AFTER_RUNS} runs on it`, () => {
    const home = dir()
    new TransportMemoryFile(home).begin('n').remember('n', 'wss', ['tcp'])
    expect(statSync(join(home, 'transport.json')).mode & 0o777).toBe(0o600)
    for (let run = 2; run <= RETRY_TCP_AFTER_RUNS; run++) {
      expect(new TransportMemoryFile(home).begin('n').order('n', all)[0]).toBe('wss')
      // another network knows nothing of it
      expect(new TransportMemoryFile(home).begin('elsewhere').order('elsewhere', all)[0]).toBe('tcp')
    }
    const due = new TransportMemoryFile(home).begin('n')
    expect(due.order('n', all).slice(0, 2)).toEqual(['tcp', 'wss'])
    // TCP failed again: the fallback starts over
    due.remember('n', 'wss', ['tcp'])
    expect(new TransportMemoryFile(home).begin('n').order('n', all)[0]).toBe('wss')
    new TransportMemoryFile(home).begin('n').remember('n', 'tcp')
    expect(new TransportMemoryFile(home).carrierOf('n')).toBe('tcp')
  })

  it('tries TCP first once the fallback is an hour old, however few runs it carried', () => {
    const home = dir()
    let now = 1_000_000
    new TransportMemoryFile(home, () => now).begin('n').remember('n', 'https', ['tcp', 'wss'])
    now += RETRY_TCP_AFTER_MS
    expect(new TransportMemoryFile(home, () => now).begin('n').order('n', all)[0]).toBe('tcp')
  })

  it('takes an unreadable file, or entries it does not know, as no memory', () => {
    const home = dir()
    writeFileSync(join(home, 'transport.json'), '{ nope')
    expect(new TransportMemoryFile(home).begin('n').order('n', all)).toEqual(all)
    writeFileSync(
      join(home, 'transport.json'),
      JSON.stringify({ n: { carrier: 'pigeon', since: 1, runs: 0 } }),
    )
    expect(new TransportMemoryFile(home).carrierOf('n')).toBeUndefined()
    expect(readFileSync(join(home, 'transport.json'), 'utf8')).toContain('pigeon')
  })
})
