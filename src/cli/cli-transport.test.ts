import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliTestkit, sha256File, startCliTestkit } from './cli-testkit.test-helper.js'

interface JsonEvent {
  event: string
  carrier?: string
  tried?: string[]
  sha256?: string
}

const events = (stdout: string): JsonEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonEvent)

describe('--transport auto across runs: a fallback is remembered per network, and TCP comes back', () => {
  let kit: CliTestkit
  beforeAll(async () => {
    kit = await startCliTestkit(23)
    await kit.login(2)
  }, 60_000)
  afterAll(() => kit?.close())

  const memoryFile = () => join(kit.dir, 'home', 'transport.json')
  const remembered = (): string[] =>
    Object.values(JSON.parse(readFileSync(memoryFile(), 'utf8')) as Record<string, { carrier: string }>).map(
      (e) => e.carrier,
    )
  const get = async (run: number) => {
    const out = join(kit.dir, `out-${run}`)
    const result = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      'https://t.me/tgfetch_media/1',
      '-o',
      out,
      '--json',
    ])
    expect(result.code, result.stderr).toBe(0)
    const media = kit.media('tgfetch_media', 1)
    expect(sha256File(join(out, media.name!))).toBe(media.sha256)
    return events(result.stdout)
  }

  it('falls back to wss when TCP is swallowed, starts there next run, and tries TCP again on the 4th run', async () => {
    const { testkit } = kit
    testkit.faults.tcp('blackhole')
    try {
      // run 1: TCP meets its deadline, WebSocket over TLS carries the download; said once, as an event
      const first = await get(1)
      expect(first.filter((e) => e.event === 'transport')).toEqual([
        expect.objectContaining({ event: 'transport', carrier: 'wss', tried: ['tcp'] }),
      ])
      expect(first[0]?.event).toBe('transport')
      expect(remembered()).toEqual(['wss'])
      expect(statSync(memoryFile()).mode & 0o777).toBe(0o600)

      // run 2: wss first, TCP not tried at all
      const second = await get(2)
      expect(second.filter((e) => e.event === 'transport')).toEqual([
        expect.objectContaining({ carrier: 'wss', tried: [] }),
      ])
    } finally {
      testkit.faults.tcp('open')
    }
    // run 3: TCP works again, but the fallback is still remembered
    const third = await get(3)
    expect(third.filter((e) => e.event === 'transport')).toEqual([
      expect.objectContaining({ carrier: 'wss', tried: [] }),
    ])
    // run 4: the fallback carried three runs, so TCP goes first: it answers, and is remembered
    const fourth = await get(4)
    expect(fourth.filter((e) => e.event === 'transport')).toEqual([])
    expect(remembered()).toEqual(['tcp'])
  }, 240_000)

  it('refuses an unknown --transport as bad input (exit 2)', async () => {
    const run = await kit.tgfetch(['--transport', 'pigeon', 'get', 'https://t.me/tgfetch_media/1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--transport pigeon: expected one of tcp, wss, https, ws, http, auto')
  })
})
