import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { bundled } from './cli-bundle.test-helper.js'
import { cacheKeyName, codeCacheDir } from './start.js'

const run = promisify(execFile)
const root = mkdtempSync(join(tmpdir(), 'tgfetch-code-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dir: string
let main: string
let cache: string
beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'))
  main = join(dir, 'main.js')
  cache = join(dir, 'cache')
  // a CommonJS bundle's stand-in: says how it was run, exits with EXIT_CODE
  writeFileSync(
    main,
    `'use strict'
function add(a, b) { return a + b }
process.stdout.write(\`ran \${add(20, 22)} \${__filename === ${JSON.stringify(main)}} \${typeof require('node:path').join}\\n\`)
process.exitCode = Number(process.env.EXIT_CODE ?? 0)
`,
  )
  // bin/tgfetch.js's start, telling how it found the cache
  writeFileSync(
    join(dir, 'launcher.cjs'),
    `process.stderr.write(require(${JSON.stringify(bundled('start'))}).start(process.env.MAIN))`,
  )
})

/** `tgfetch <args>` as bin/tgfetch.js starts it, with `main` for the CLI bundle: what it printed, how it found the cache. */
async function start(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [join(dir, 'launcher.cjs'), ...args], {
    env: { ...process.env, MAIN: main, TGFETCH_CODE_CACHE: cache, ...env },
  })
  return `${stdout}${stderr}`
}

const files = (): string[] => (existsSync(cache) ? readdirSync(cache) : [])

describe('the code cache', () => {
  it('is written by a first successful run, private, and used (not written again) by the next', async () => {
    expect(await start(['get', 'x'])).toBe('ran 42 true function\nnone')
    const [name] = files()
    expect(name).toMatch(new RegExp(`^get-${process.version}-${process.arch}-\\d+-\\d+\\.bin$`))
    const path = join(cache, name!)
    expect(statSync(cache).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const written = statSync(path)
    expect(await start(['get', 'y'])).toBe('ran 42 true function\nused')
    expect(statSync(path).ino).toBe(written.ino)
    expect(files()).toEqual([name])
  })

  it('replaces a cache V8 rejects, and the run still works', async () => {
    await start(['get'])
    const [name] = files()
    const path = join(cache, name!)
    writeFileSync(path, Buffer.alloc(4096, 7))
    expect(await start(['get'])).toBe('ran 42 true function\nrejected')
    expect(readFileSync(path).equals(Buffer.alloc(4096, 7))).toBe(false)
    expect(await start(['get'])).toBe('ran 42 true function\nused')
  })

  it('is not written by a failed run, which may have run little of the command', async () => {
    await expect(start(['get'], { EXIT_CODE: '3' })).rejects.toMatchObject({ code: 3 })
    expect(files()).toEqual([])
  })

  it('is kept per command and per build: a rebuilt bundle replaces only its own command’s cache', async () => {
    await start(['get'])
    await start(['chat'])
    const before = files()
    expect(before.map((f) => f.split('-')[0]).sort()).toEqual(['chat', 'get'])
    // the same length (V8 checks only that), another build
    writeFileSync(main, readFileSync(main, 'utf8').replace('20, 22', '21, 21'))
    utimesSync(main, new Date(), new Date(Date.now() + 5000))
    expect(await start(['get'])).toBe('ran 42 true function\nnone')
    const after = files()
    expect(after).toHaveLength(2)
    expect(after).toContain(before.find((f) => f.startsWith('chat-')))
    expect(after).not.toContain(before.find((f) => f.startsWith('get-')))
  })

  it('costs only the speed-up where it cannot be written, and is not kept with TGFETCH_CODE_CACHE=off', async () => {
    writeFileSync(cache, 'a file where the folder would be')
    expect(await start(['get'])).toBe('ran 42 true function\nnone')
    rmSync(cache)
    expect(await start(['get'], { TGFETCH_CODE_CACHE: 'off' })).toBe('ran 42 true function\noff')
    expect(existsSync(cache)).toBe(false)
  })
})

describe('where and under which name', () => {
  it('names a cache after the command, never after another word of the command line', () => {
    expect(cacheKeyName(['get', 'https://t.me/x/1'])).toBe('get')
    expect(cacheKeyName(['--proxy', 'none', 'serve'])).toBe('serve')
    expect(cacheKeyName(['get', '--help'])).toBe('help')
    expect(cacheKeyName([])).toBe('help')
    expect(cacheKeyName(['../../etc/passwd'])).toBe('other')
    expect(cacheKeyName(['GET'])).toBe('other')
  })

  it('keeps it in TGFETCH_CODE_CACHE, else the user cache folder', () => {
    expect(codeCacheDir({ TGFETCH_CODE_CACHE: '/x/y' })).toBe('/x/y')
    expect(codeCacheDir({ TGFETCH_CODE_CACHE: 'off' })).toBeUndefined()
    expect(codeCacheDir({})).toMatch(/[/\\]tgfetch[/\\]code$/)
  })
})
