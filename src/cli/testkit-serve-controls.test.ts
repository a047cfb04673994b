/**
 * `tgfetch testkit serve` driven from outside its process, as a user testing
 * their own software drives it: commands on its stdin, its `--json` line read
 * by other processes — the real CLI in children, files compared byte for byte.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestkitDescription } from '../testkit/serve/describe.js'
import { cliMain } from './cli-bundle.test-helper.js'
import { sha256File } from './cli-testkit.test-helper.js'

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']

/** A child's stdout lines as they come; `next` waits for the first unread one that matches. */
class Child {
  readonly lines: string[] = []
  stderr = ''
  readonly exited: Promise<number | null>
  private read = 0
  private wake: () => void = () => undefined

  constructor(readonly process: ChildProcessWithoutNullStreams) {
    createInterface({ input: process.stdout }).on('line', (line) => {
      this.lines.push(line)
      this.wake()
    })
    process.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString()
    })
    this.exited = new Promise((resolve) => process.on('close', (code) => resolve(code)))
  }

  /** The next line after those already taken that matches (the test's timeout bounds the wait). */
  async next(match: (line: string) => boolean = () => true): Promise<string> {
    for (;;) {
      while (this.read < this.lines.length) {
        const line = this.lines[this.read++]!
        if (match(line)) return line
      }
      const ended = await Promise.race([
        new Promise<false>((resolve) => {
          this.wake = () => resolve(false)
        }),
        this.exited.then(() => true),
      ])
      if (ended && this.read >= this.lines.length)
        throw new Error(`exited without such a line; stderr:\n${this.stderr}`)
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tgfetch-testctl-'))
const env: NodeJS.ProcessEnv = { ...process.env, TGFETCH_HOME: join(dir, 'home') }
for (const v of PROXY_VARS) delete env[v]
env.TGFETCH_SERVERS = join(dir, 'servers.json')

const tgfetch = (args: string[]): Child =>
  new Child(spawn(process.execPath, [cliMain(), ...args], { env, stdio: 'pipe' }))

let serve: Child
let line: TestkitDescription
/** Sends one command to `testkit serve` and parses its one-line answer. */
async function command(text: string): Promise<Record<string, unknown>> {
  serve.process.stdin.write(`${text}\n`)
  return JSON.parse(await serve.next()) as Record<string, unknown>
}

beforeAll(async () => {
  serve = tgfetch(['testkit', 'serve', '--json', '--seed', '17', '--mtproxy'])
  const first = await serve.next()
  writeFileSync(env.TGFETCH_SERVERS!, first)
  line = JSON.parse(first) as TestkitDescription
}, 60_000)
afterAll(async () => {
  serve.process.kill('SIGTERM')
  expect(await serve.exited).toBe(0)
})

// in order: the account `login --qr` logs in is the one `watch` and `get` use
describe('tgfetch testkit serve, controlled on stdin', () => {
  it('accept-qr logs a `login --qr` run in as the account named', async () => {
    const account = line.accounts.find((a) => a.dc === 2 && !a.password && !a.premium)!
    const login = tgfetch(['--proxy', 'none', 'login', '--qr', '--label', 'scanned'])
    login.process.stdin.end()
    const link = await login.next()
    expect(link).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/)
    expect(await command(`accept-qr token=${link} account=${account.phone}`)).toEqual({
      event: 'qr-accepted',
      userId: expect.any(Number),
      phone: account.phone,
    })
    expect(await login.next()).toMatch(/^logged in as .*; account "scanned"$/)
    expect(await login.exited).toBe(0)
    // the same token twice: refused, with Telegram's reason
    const again = await command(JSON.stringify({ command: 'accept-qr', token: link, account: account.phone }))
    expect(again).toEqual({
      event: 'error',
      command: 'accept-qr',
      error: 'the token was refused: AUTH_TOKEN_INVALID',
    })
  }, 60_000)

  it('publish: a `watch` in another process downloads the new post, named as the answer says', async () => {
    const out = join(dir, 'watched')
    const watch = tgfetch([
      '--proxy',
      'none',
      'watch',
      '--json',
      'tgfetch_small',
      '--interval',
      '1',
      '-o',
      out,
    ])
    await watch.next((l) => (JSON.parse(l) as { event: string }).event === 'watching')
    const published = await command('publish chat=tgfetch_small kind=voice size=300000 text=a new voice note')
    const small = line.channels.find((c) => c.username === 'tgfetch_small')!
    const id = Math.max(...small.messages.map((m) => m.id)) + 1
    expect(published).toMatchObject({
      event: 'published',
      chat: 'tgfetch_small',
      id,
      text: 'a new voice note',
      media: { kind: 'voice', size: 300000, file: `tgfetch_small_${id}.ogg`, mime: 'audio/ogg' },
    })
    const media = published.media as { file: string; sha256: string; name?: string }
    expect(media.name).toBeUndefined()
    const path = join(out, 'tgfetch_small', media.file)
    await watch.next((l) => {
      const e = JSON.parse(l) as { event: string; path?: string }
      return e.event === 'done' && e.path === path
    })
    expect(sha256File(path)).toBe(media.sha256)
    watch.process.kill('SIGINT')
    expect(await watch.exited).toBe(130)
    expect(readdirSync(join(out, 'tgfetch_small'))).toEqual([media.file])
    expect(await command('publish chat=nowhere text=x')).toEqual({
      event: 'error',
      command: 'publish',
      error: `no chat "nowhere" in the testkit's world`,
    })
  }, 90_000)

  it('--mtproxy: `get --proxy` with the link from the line downloads through the front', async () => {
    const proxy = line.mtproxy!
    expect(proxy.link).toBe(`tg://proxy?server=${proxy.host}&port=${proxy.port}&secret=${proxy.secret}`)
    expect(proxy.secret).toMatch(/^ee[0-9a-f]{32}/)
    const media = line.channels.find((c) => c.username === 'tgfetch_small')!.messages[0]!
    const out = join(dir, 'proxied')
    const get = tgfetch(['--proxy', proxy.link, 'get', `t.me/tgfetch_small/${media.id}`, '-o', out, '-q'])
    get.process.stdin.end()
    expect(await get.exited).toBe(0)
    expect(get.stderr).toBe('')
    expect(sha256File(join(out, media.media.file))).toBe(media.media.sha256)
    // the link is what carried it: with another secret the front turns the same command away
    const forged = proxy.link.replace(/secret=ee[0-9a-f]{4}/, 'secret=ee0000')
    const refused = tgfetch(['--proxy', forged, 'get', `t.me/tgfetch_small/${media.id}`, '-o', out, '-q'])
    refused.process.stdin.end()
    expect(await refused.exited).not.toBe(0)
    expect(refused.stderr).toBe('tgfetch: fake-TLS: the proxy closed the connection during the handshake\n')
  }, 60_000)
})

describe('tgfetch testkit serve --mtproxy with a bad secret', () => {
  it('is bad input (exit 2) that says what a secret looks like, before anything listens', async () => {
    const bad = tgfetch(['testkit', 'serve', '--json', '--mtproxy', 'ee00'])
    bad.process.stdin.end()
    expect(await bad.exited).toBe(2)
    // --json runs end in an error event (docs/cli-json-events.md), never in a listening line
    const secretRule =
      'the MTProxy secret must be 32 hex digits, dd + 32 hex digits, or ee + 32 hex digits + a domain in hex'
    expect(
      bad.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .map((e) => [e.event, e.message, e.exitCode]),
    ).toEqual([
      ['error', secretRule, 2],
      ['summary', undefined, undefined],
    ])
    expect(bad.stderr).toBe(
      'tgfetch: the MTProxy secret must be 32 hex digits, dd + 32 hex digits, or ee + 32 hex digits + a domain in hex\n',
    )
  }, 60_000)
})
