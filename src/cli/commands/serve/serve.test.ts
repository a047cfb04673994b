/** `tgfetch serve` as a user runs it: a child process against an in-process testkit, fetch(), Ctrl-C. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliMain } from '../../cli-bundle.test-helper.js'
import { type CliTestkit, sha256File, startCliTestkit } from '../../cli-testkit.test-helper.js'

const TOKEN = 'serve-test-token-0123456789abcdef'

/** A running `tgfetch serve`: the URL it printed, its output, how it ended. */
class Served {
  stdout = ''
  stderr = ''
  readonly url: Promise<string>
  readonly exited: Promise<number | null>
  private readonly child: ChildProcess

  constructor(cli: CliTestkit, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [cliMain(), '--proxy', 'none', 'serve', ...args], {
      env: {
        ...process.env,
        TGFETCH_HOME: join(cli.dir, 'home'),
        TGFETCH_SERVERS: join(cli.dir, 'servers.json'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString()
    })
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
    this.url = new Promise((resolve, reject) => {
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        this.stdout += `${line}\n`
        const url = /^listening on (http:\/\/\S+\/)$/.exec(line)?.[1]
        if (url) resolve(url)
      })
      this.exited.then((code) => reject(new Error(`serve exited with ${code}: ${this.stderr}`)))
    })
  }

  interrupt(): Promise<number | null> {
    this.child.kill('SIGINT')
    return this.exited
  }
}

describe('tgfetch serve', () => {
  let cli: CliTestkit
  beforeAll(async () => {
    cli = await startCliTestkit(47)
    await cli.login(2)
  }, 60_000)
  afterAll(() => cli.close())

  it('serves ranges of a message with the token from the environment; Ctrl-C exits 130 and keeps the file', async () => {
    const cacheDir = join(cli.dir, 'cache')
    const served = new Served(cli, ['--port', '0', '--cache-dir', cacheDir], { TGFETCH_SERVE_TOKEN: TOKEN })
    const url = await served.url
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(served.stdout + served.stderr).not.toContain(TOKEN.slice(0, 8))

    expect((await fetch(`${url}tgfetch_media/1`)).status).toBe(401)
    const auth = { Authorization: `Bearer ${TOKEN}` }
    const range = await fetch(`${url}tgfetch_media/1`, { headers: { ...auth, Range: 'bytes=0-99' } })
    expect(range.status).toBe(206)
    expect(range.headers.get('content-range')).toBe(`bytes 0-99/${cli.media('tgfetch_media', 1).size}`)
    const first100 = Buffer.from(await range.arrayBuffer())
    const whole = await fetch(`${url}tgfetch_media/1?token=${TOKEN}`)
    const body = Buffer.from(await whole.arrayBuffer())
    expect(createHash('sha256').update(body).digest('hex')).toBe(cli.media('tgfetch_media', 1).sha256)
    expect(first100.equals(body.subarray(0, 100))).toBe(true)

    expect(await served.interrupt()).toBe(130)
    expect(served.stderr).toMatch(/stopped/)
    expect(served.stderr).toContain(`curl -H "Authorization: Bearer $TGFETCH_SERVE_TOKEN" -r 0-99 ${url}`)
    const cached = readdirSync(cacheDir).filter((n) => /^[0-9a-f]{64}\.zip$/.test(n))
    expect(cached).toHaveLength(1)
    expect(sha256File(join(cacheDir, cached[0]!))).toBe(cli.media('tgfetch_media', 1).sha256)
  }, 120_000)

  it('refuses a non-loopback address without a token: exit 2, and says what to do', async () => {
    const run = await cli.tgfetch(['--proxy', 'none', 'serve', '--host', '0.0.0.0', '--port', '0'], {
      TGFETCH_SERVE_TOKEN: '',
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/0\.0\.0\.0 is not a loopback address/)
    expect(run.stderr).toMatch(/TGFETCH_SERVE_TOKEN/)
    expect(run.stdout).toBe('')
  }, 60_000)

  it('one ready line on stdout; --ready-file gets the URL (0600) once it listens, and loses it when it stops', async () => {
    const readyFile = join(cli.dir, 'serve.url')
    writeFileSync(readyFile, 'http://stale.invalid/\n')
    const served = new Served(cli, ['--port', '0', '--ready-file', readyFile], {})
    const url = await served.url
    // what a script does: wait for the file, then use what is in it
    const ready = () => existsSync(readyFile) && readFileSync(readyFile, 'utf8') !== 'http://stale.invalid/\n'
    while (!ready()) await setTimeout(50)
    expect(readFileSync(readyFile, 'utf8')).toBe(`${url}\n`)
    expect(statSync(readyFile).mode & 0o777).toBe(0o600)
    const range = await fetch(`${readFileSync(readyFile, 'utf8').trim()}tgfetch_media/1`, {
      headers: { Range: 'bytes=0-9' },
    })
    expect(range.status).toBe(206)
    expect(await served.interrupt()).toBe(130)
    expect(served.stdout).toBe(`listening on ${url}\n`)
    expect(existsSync(readyFile)).toBe(false)
    expect(readdirSync(cli.dir).filter((n) => n.startsWith('serve.url'))).toEqual([])
  }, 60_000)
})
