import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import { serverListFromTestkitLine } from '../client/servers/testkit-line.js'
import { cliMain } from './cli-bundle.test-helper.js'

const run = promisify(execFile)
const tgfetch = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [cliMain(), ...args], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  })

interface Line {
  accounts: Array<{ phone: string; code: string; password?: string; dc: number }>
  channels: Array<{
    username?: string
    messages: Array<{ id: number; media?: { sha256: string; name?: string; file: string; size: number } }>
  }>
}

describe('a new user: testkit serve --json, then login, accounts, get', () => {
  let testkit: ChildProcess
  let line: Line
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-cli-'))
  const env = { TGFETCH_HOME: join(dir, 'home'), TGFETCH_SERVERS: join(dir, 'servers.json') }

  beforeAll(async () => {
    testkit = spawn(process.execPath, [cliMain(), 'testkit', 'serve', '--json', '--seed', '3'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: testkit.stdout! }).once('line', resolve)
      testkit.once('exit', (code) => reject(new Error(`testkit exited with ${code}`)))
    })
    writeFileSync(env.TGFETCH_SERVERS, first)
    line = JSON.parse(first) as Line
  }, 60_000)
  afterAll(() => {
    testkit.kill('SIGTERM')
  })

  it('logs in (following PHONE_MIGRATE), lists the account, downloads a link, byte for byte', async () => {
    const account = line.accounts.find((a) => a.dc === 4 && !a.password)!
    const login = await tgfetch(['login', '--phone', account.phone, '--code', account.code], env)
    expect(login.stdout).toMatch(/logged in as .* DC 4/)
    expect(statSync(join(env.TGFETCH_HOME, 'state.db')).mode & 0o777).toBe(0o600)

    const accounts = await tgfetch(['accounts'], env)
    expect(accounts.stdout).toContain(`* ${account.phone}  user`)

    const media = line.channels.find((c) => c.username === 'tgfetch_media')!.messages.find((m) => m.id === 1)!
      .media!
    const out = join(dir, 'out')
    const get = await tgfetch(['get', 'https://t.me/tgfetch_media/1', '-o', out], env)
    expect(get.stdout).toContain(media.file)
    expect(readdirSync(out)).toEqual([media.file])
    const bytes = readFileSync(join(out, media.file))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(media.sha256)

    // a file hosted on DC 2 while the account lives on DC 4: export/import on the way
    const other = line.channels.find((c) => c.username === 'tgfetch_small')!.messages.find((m) => m.id === 1)!
      .media!
    await tgfetch(['get', 't.me/tgfetch_small/1', '-o', out], env)
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, other.file)))
        .digest('hex'),
    ).toBe(other.sha256)
  }, 120_000)

  it('imports a Telethon string session from stdin and downloads with it', async () => {
    const account = line.accounts.find((a) => a.dc === 3 && !a.password)!
    const servers = serverListFromTestkitLine(readFileSync(env.TGFETCH_SERVERS, 'utf8'))
    const connector = new DcConnector({
      servers,
      apiId: (JSON.parse(readFileSync(env.TGFETCH_SERVERS, 'utf8')) as { apiId: number }).apiId,
    })
    const apiHash = (JSON.parse(readFileSync(env.TGFETCH_SERVERS, 'utf8')) as { apiHash: string }).apiHash
    const login = await loginWithPhone(connector, {
      phone: account.phone,
      apiHash,
      code: async () => account.code,
      firstDc: 3,
    })
    login.session.close()
    // Telethon's StringSession: '1' + urlsafe base64(dc_id:u8, ipv4:4, port:u16 BE, auth_key:256)
    const { host, port } = servers.dcs.find((d) => d.id === 3)!
    const raw = Buffer.concat([
      Buffer.from([3]),
      Buffer.from(host.split('.').map(Number)),
      Buffer.from([port >> 8, port & 0xff]),
      Buffer.from(login.authKey),
    ])
    const child = spawn(process.execPath, [cliMain(), 'accounts', 'import', '--label', 'imported'], {
      env: { ...process.env, ...env },
    })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stdin.end(`1${raw.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}\n`)
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(stdout).toContain('imported')
    expect(code).toBe(0)
    expect(stdout).toContain('imported telethon-string session as "imported" (DC 3)')
    const out = join(dir, 'imported-out')
    await tgfetch(['get', '--account', 'imported', 'https://t.me/tgfetch_small/1', '-o', out], env)
    const media = line.channels.find((c) => c.username === 'tgfetch_small')!.messages.find((m) => m.id === 1)!
      .media!
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, media.file)))
        .digest('hex'),
    ).toBe(media.sha256)
  }, 120_000)

  it('bad input gets a clear error and exit code 2', async () => {
    const error = await tgfetch(['get', 'https://example.com/nope', '-o', dir], env).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 2 })
    expect((error as { stderr: string }).stderr).toMatch(/not a t\.me/)
  }, 60_000)
})

describe('usage errors: exit 2 and one tgfetch: sentence, before anything is opened', () => {
  const home = mkdtempSync(join(tmpdir(), 'tgfetch-usage-'))
  const cli = (args: string[]) =>
    tgfetch(args, { TGFETCH_HOME: home }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
  const link = 'https://t.me/tgfetch_media/1'

  it.each([
    [['get', link, '--bogus'], /^tgfetch: unknown option '--bogus'/],
    [['get', link, '-c', '0'], /^tgfetch: --connections 0: expected a whole number from 1 to 64/],
    [['get', link, '-c', '65'], /^tgfetch: --connections 65: expected a whole number from 1 to 64/],
    [['chat', 'tgfetch_media', '-c', '0'], /^tgfetch: --connections 0: expected a whole number from 1 to 64/],
    [['watch', 'tgfetch_media', '-c', '65'], /^tgfetch: --connections 65: expected/],
    [['get', link, '--part-size', '3'], /^tgfetch: --part-size 3: expected a power of two from 4 to 1024/],
    [['chat', 'tgfetch_media', '--part-size', '3'], /^tgfetch: --part-size 3: expected a power of two/],
    [['chat', 'tgfetch_media', '--limit', '0'], /^tgfetch: --limit 0: expected a whole number from 1/],
    [['watch', 'tgfetch_media', '--interval', '0'], /^tgfetch: --interval 0: expected a whole number/],
    [['chat'], /^tgfetch: missing required argument 'chat'/],
    [['nope'], /^tgfetch: unknown command 'nope'/],
  ])(
    '%j',
    async (args, message) => {
      const run = await cli(args)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).not.toMatch(/error:/)
    },
    60_000,
  )

  it('--help still exits 0; serve --help lists the exit codes serve has', async () => {
    const help = await cli(['get', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--connections')
    const serve = await cli(['serve', '--help'])
    expect(serve.code).toBe(0)
    expect(serve.stdout).toMatch(/Exit codes:[\s\S]*130/)
    expect(serve.stdout).not.toMatch(/some files failed/)
  }, 60_000)

  it('chat and watch take -t like get', async () => {
    for (const command of ['chat', 'watch']) {
      const run = await cli([command, 'tgfetch_media', '-t', '../{name}'])
      expect(run.code).toBe(2)
      // the template is refused for what it is, not -t for being unknown
      expect(run.stderr).not.toMatch(/unknown option/)
      expect(run.stderr).toMatch(/\.\./)
    }
  }, 60_000)
})
