import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const main = new URL('./main.ts', import.meta.url).pathname
const tgfetch = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  })

interface Line {
  accounts: Array<{ phone: string; code: string; password?: string; dc: number }>
  channels: Array<{
    username?: string
    messages: Array<{ id: number; media?: { sha256: string; name?: string; size: number } }>
  }>
}

describe('a new user: testkit serve --json, then login, accounts, get', () => {
  let testkit: ChildProcess
  let line: Line
  const dir = mkdtempSync(join(tmpdir(), 'tgfetch-cli-'))
  const env = { TGFETCH_HOME: join(dir, 'home'), TGFETCH_SERVERS: join(dir, 'servers.json') }

  beforeAll(async () => {
    testkit = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'testkit', 'serve', '--json', '--seed', '3'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    )
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
    expect(get.stdout).toContain(media.name!)
    expect(readdirSync(out)).toEqual([media.name])
    const bytes = readFileSync(join(out, media.name!))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(media.sha256)

    // a file hosted on DC 2 while the account lives on DC 4: export/import on the way
    const other = line.channels.find((c) => c.username === 'tgfetch_small')!.messages.find((m) => m.id === 1)!
      .media!
    await tgfetch(['get', 't.me/tgfetch_small/1', '-o', out], env)
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, other.name!)))
        .digest('hex'),
    ).toBe(other.sha256)
  }, 120_000)

  it('bad input gets a clear error and exit code 2', async () => {
    const error = await tgfetch(['get', 'https://example.com/nope', '-o', dir], env).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 2 })
    expect((error as { stderr: string }).stderr).toMatch(/not a t\.me/)
  }, 60_000)
})
