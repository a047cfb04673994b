import { randomBytes } from 'node:crypto'
import { lstatSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { generateWorld } from '../../../testkit/world/generate.js'
import type { World, WorldMessage } from '../../../testkit/world/types.js'

/** Names and captions from strangers, posted in tgfetch_small. */
export const HOSTILE = [
  { name: '../../escape.txt', text: '../../caption' },
  { name: 'nul\u0000byte.bin', text: 'a\u0000b' },
  { name: 'CON', text: 'CON' },
  { name: `${'я'.repeat(400)}.pdf`, text: 'я'.repeat(400) },
  { name: 'evil\u202Egpj.exe', text: 'line one\nline two' },
  { name: '...', text: '/etc/passwd' },
]

/** A real file for one post; the test truncates it once the testkit described it, so its downloads fail. */
export const brokenPath = join(mkdtempSync(join(tmpdir(), 'tgfetch-broken-')), 'broken.bin')

export function hostileWorld(): World {
  const world = generateWorld({ seed: 41, largeFileSize: 24 * 1024 * 1024 })
  const small = world.channels.find((c) => c.username === 'tgfetch_small')!
  const template = small.messages.find((m) => m.media?.kind === 'document')!
  HOSTILE.forEach((h, i) => {
    const id = 100 + i
    const message: WorldMessage = {
      ...template,
      id,
      text: h.text,
      media: { ...template.media!, id: String(9_000_000 + i), name: h.name },
    }
    small.messages.push(message)
  })
  // a post whose bytes the DC cannot read: its download fails, the others must not
  writeFileSync(brokenPath, randomBytes(300_000))
  const broken = { id: 'broken-file', size: 300_000, dc: 3 as const, path: brokenPath }
  world.files.push(broken)
  small.messages.push({
    ...template,
    id: 200,
    media: { ...template.media!, id: '9100000', fileId: broken.id, name: 'broken.bin' },
  })
  return world
}

/** Every file under `dir`, as paths relative to it; fails on symlinks. */
export function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => {
    const s = lstatSync(join(dir, p))
    expect(s.isSymbolicLink()).toBe(false)
    return s.isFile()
  })
}

export const jsonEvents = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
