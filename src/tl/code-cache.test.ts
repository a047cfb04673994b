import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))
const codeCache = fileURLToPath(new URL('./code-cache.ts', import.meta.url))

describe('requireGenerated through the code cache', { timeout: 30_000 }, () => {
  let root: string
  let cache: string
  let from: string
  const source = `"use strict"\nvar m={${Array.from({ length: 200 }, (_, i) => `f${i}:function(x){return x+${i}}`).join(',')}}\nexports.map=m\n`
  /** f7(1) of gen.js as a new process sees it: V8 reads cached code only for a source it has not compiled yet */
  const f7 = (dir?: string): number => {
    const script = `
      import { requireGenerated, useCodeCache } from ${JSON.stringify(codeCache)}
      useCodeCache(${JSON.stringify(dir)})
      process.stdout.write(String(requireGenerated(${JSON.stringify(from)}, './gen.js').map.f7(1)))
    `
    return Number(execFileSync(tsx, ['--eval', script], { encoding: 'utf8' }))
  }
  const cached = () => readdirSync(cache)

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tgfetch-code-cache-'))
    cache = join(root, 'cache')
    from = pathToFileURL(join(root, 'here.js')).href
    writeFileSync(join(root, 'gen.js'), source)
  })
  afterEach(() => {
    rmSync(root, { recursive: true, force: true })
  })

  it('writes the compiled code once, owner-only, and runs from it next time', () => {
    expect(f7(cache)).toBe(8)
    const [file] = cached()
    expect(file).toMatch(
      new RegExp(`^gen-${source.length}-[0-9a-f]+-${process.version}-${process.arch}\\.v8$`),
    )
    const first = statSync(join(cache, file!))
    expect(first.mode & 0o777).toBe(0o600)
    expect(statSync(cache).mode & 0o777).toBe(0o700)
    // accepted by V8: not written again
    expect(f7(cache)).toBe(8)
    expect(statSync(join(cache, file!)).ino).toBe(first.ino)
  })

  it('a changed source gets its own entry; a damaged entry is compiled and written again', () => {
    f7(cache)
    const [old] = cached()
    const damaged = Buffer.alloc(64, 7)
    writeFileSync(join(cache, old!), damaged)
    expect(f7(cache)).toBe(8)
    expect(readFileSync(join(cache, old!)).equals(damaged)).toBe(false)
    // the same length, one byte other: V8 alone would run the old code
    writeFileSync(join(root, 'gen.js'), source.replace('return x+7}', 'return x+8}'))
    expect(f7(cache)).toBe(9)
    expect(cached()).toHaveLength(2)
  })

  it('a folder others can write to is not used, nor is none at all', () => {
    mkdirSync(cache, { mode: 0o700 })
    chmodSync(cache, 0o777)
    expect(f7(cache)).toBe(8)
    expect(cached()).toEqual([])
    expect(f7(undefined)).toBe(8)
    expect(cached()).toEqual([])
  })
})
