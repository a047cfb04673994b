/** `tgfetch login` as a script runs it: secrets from the environment or stdin, Telegram's refusals as sentences, QR links. */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { loginWithPhone } from '../client/auth/login.js'
import { DcConnector } from '../client/dc-connector.js'
import { serverListFromTestkitLine } from '../client/servers/testkit-line.js'
import { acceptLoginToken } from '../testkit/handlers/auth-qr.js'
import { type CliRun, type CliTestkit, startCliTestkit } from './cli-testkit.test-helper.js'

let kit: CliTestkit
beforeAll(async () => {
  kit = await startCliTestkit(41)
}, 60_000)
afterAll(() => kit.close())

const plain = () => kit.line.accounts.find((a) => a.dc === 2 && !a.password && !a.premium)!
const with2fa = () => kit.line.accounts.find((a) => a.password !== undefined)!
const output = (run: CliRun) => `${run.stdout}\n${run.stderr}`

/** The CLI with `input` on its stdin (not a terminal). */
function tgfetchWithStdin(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = kit.spawnTgfetch(['--proxy', 'none', ...args], env)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

describe('login secrets without argv', () => {
  it('the code and 2FA password from TGFETCH_CODE and TGFETCH_PASSWORD', async () => {
    const a = with2fa()
    const run = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', a.phone, '--label', 'env'], {
      TGFETCH_CODE: a.code,
      TGFETCH_PASSWORD: a.password,
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^logged in as .*; account "env"\n$/)
    expect(output(run)).not.toContain(a.password)
  }, 60_000)

  it('the code and then the password from stdin, one line each', async () => {
    const a = with2fa()
    const run = await tgfetchWithStdin(
      ['login', '--phone', a.phone, '--code-stdin', '--password-stdin', '--label', 'stdin'],
      `${a.code}\n${a.password}\n`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(output(run)).not.toContain(a.password)
  }, 60_000)

  it('a bot token from TGFETCH_BOT_TOKEN or from stdin', async () => {
    const { token } = kit.line.bots[0]!
    const env = await kit.tgfetch(['--proxy', 'none', 'login', '--label', 'bot-env'], {
      TGFETCH_BOT_TOKEN: token,
    })
    expect(env.code).toBe(0)
    expect(env.stdout).toMatch(/account "bot-env"/)
    const stdin = await tgfetchWithStdin(['login', '--bot-token-stdin', '--label', 'bot-stdin'], `${token}\n`)
    expect(stdin.code).toBe(0)
    for (const run of [env, stdin]) expect(output(run)).not.toContain(token)
  }, 60_000)

  it('with no terminal to ask on, says which flag, variable or stdin option gives the secret', async () => {
    const run = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', plain().phone])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--code CODE')
    expect(run.stderr).toContain('TGFETCH_CODE')
    expect(run.stderr).toContain('--code-stdin')

    const a = with2fa()
    const noPassword = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', a.phone], {
      TGFETCH_CODE: a.code,
    })
    expect(noPassword.code).toBe(2)
    expect(noPassword.stderr).toMatch(/--password-stdin.*TGFETCH_PASSWORD|TGFETCH_PASSWORD.*--password-stdin/)
  }, 60_000)

  it('login --help names the variables and stdin options', async () => {
    const run = await kit.tgfetch(['login', '--help'])
    for (const name of [
      'TGFETCH_CODE',
      'TGFETCH_PASSWORD',
      'TGFETCH_BOT_TOKEN',
      '--code-stdin',
      '--password-stdin',
    ])
      expect(run.stdout).toContain(name)
  })
})

describe("Telegram's refusals as sentences, exit code 2", () => {
  it('a wrong code', async () => {
    const run = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', plain().phone, '--code', '00000'])
    expect(run.stderr).toBe('tgfetch: the code is wrong (PHONE_CODE_INVALID): check it and try again\n')
    expect(run.code).toBe(2)
  }, 60_000)

  it('a wrong 2FA password', async () => {
    const a = with2fa()
    const run = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', a.phone], {
      TGFETCH_CODE: a.code,
      TGFETCH_PASSWORD: 'not-the-password',
    })
    expect(run.stderr).toBe(
      'tgfetch: the 2FA password is wrong (PASSWORD_HASH_INVALID): check it and try again\n',
    )
    expect(run.code).toBe(2)
  }, 60_000)

  it('an unknown phone number and a bad bot token', async () => {
    const phone = await kit.tgfetch(['--proxy', 'none', 'login', '--phone', '123', '--code', '11111'])
    expect(phone.stderr).toMatch(/^tgfetch: the phone number is not valid \(PHONE_NUMBER_INVALID\): /)
    expect(phone.code).toBe(2)
    const bot = await kit.tgfetch(['--proxy', 'none', 'login', '--bot-token', '1:not-a-token'])
    expect(bot.stderr).toMatch(/^tgfetch: the bot token is not valid \(ACCESS_TOKEN_INVALID\): /)
    expect(bot.code).toBe(2)
  }, 60_000)
})

describe('login --qr', () => {
  it('prints only the tg://login link when stdout is not a terminal, and logs in once it is scanned', async () => {
    const a = plain()
    const child = kit.spawnTgfetch(['--proxy', 'none', 'login', '--qr', '--label', 'qr'])
    onTestFinished(() => {
      child.kill()
    })
    child.stdin.end()
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
    const lines = createInterface({ input: child.stdout })
    const first = await Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), closed])
    expect(first).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/)
    const token = Buffer.from(new URL(String(first)).searchParams.get('token')!, 'base64url')
    const rest: string[] = []
    lines.on('line', (line) => rest.push(line))
    const { userId } = kit.testkit.cluster.world.accounts.find((x) => x.phone === a.phone)!
    acceptLoginToken(kit.testkit.cluster.state, token, userId)
    const code = await closed
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(rest).toEqual([expect.stringMatching(/^logged in as .*; account "qr"$/)])
  }, 60_000)
})

describe('login --qr accepted over RPC', () => {
  it('a tgfetch client logged in as A calls auth.acceptLoginToken with the link: the `login --qr` run logs in as A', async () => {
    const a = kit.line.accounts.find((x) => x.dc === 2 && !x.password && x.premium)!
    const servers = serverListFromTestkitLine(readFileSync(join(kit.dir, 'servers.json'), 'utf8'))
    const app = await loginWithPhone(new DcConnector({ servers, apiId: kit.line.apiId }), {
      phone: a.phone,
      apiHash: kit.line.apiHash,
      code: async () => a.code,
      firstDc: 2,
    })
    onTestFinished(() => app.session.close())
    const child = kit.spawnTgfetch(['--proxy', 'none', 'login', '--qr', '--label', 'scanned'])
    onTestFinished(() => {
      child.kill()
    })
    child.stdin.end()
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
    const lines = createInterface({ input: child.stdout })
    const first = await Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), closed])
    const rest: string[] = []
    lines.on('line', (line) => rest.push(line))
    const token = Buffer.from(new URL(String(first)).searchParams.get('token')!, 'base64url')
    const authorization = await app.session.call({ _: 'auth.acceptLoginToken', token })
    expect(authorization._).toBe('authorization')
    expect(await closed).toBe(0)
    expect(stderr).toBe('')
    expect(rest).toEqual([expect.stringMatching(/^logged in as .*; account "scanned"$/)])
    const list = await kit.tgfetch(['accounts', 'list'])
    expect(list.stdout).toContain(` scanned  user  id ${app.user.id}  DC 2  premium\n`)
  }, 60_000)
})

describe('accounts list', () => {
  it("shows an imported account's user id once a command has connected with it", async () => {
    const a = kit.line.accounts.find((x) => x.dc === 3 && !x.password)!
    const servers = serverListFromTestkitLine(readFileSync(join(kit.dir, 'servers.json'), 'utf8'))
    const connector = new DcConnector({ servers, apiId: kit.line.apiId })
    const login = await loginWithPhone(connector, {
      phone: a.phone,
      apiHash: kit.line.apiHash,
      code: async () => a.code,
      firstDc: 3,
    })
    login.session.close()
    // Telethon's StringSession knows no user id: '1' + urlsafe base64 with padding (dc_id:u8, ipv4:4, port:u16 BE, auth_key:256)
    const { host, port } = servers.dcs.find((d) => d.id === 3)!
    const raw = Buffer.concat([
      Buffer.from([3]),
      Buffer.from(host.split('.').map(Number)),
      Buffer.from([port >> 8, port & 0xff]),
      Buffer.from(login.authKey),
    ])
    const imported = await tgfetchWithStdin(
      ['accounts', 'import', '--label', 'imported'],
      `1${raw.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}\n`,
    )
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const before = await kit.tgfetch(['accounts', 'list'])
    expect(before.stdout).toContain(' imported  user  id ?  DC 3\n')

    const get = await kit.tgfetch([
      '--proxy',
      'none',
      'get',
      '--account',
      'imported',
      't.me/tgfetch_small/1',
      '-o',
      kit.dir,
    ])
    expect(get.stderr).toBe('')
    expect(get.code).toBe(0)
    const after = await kit.tgfetch(['accounts', 'list'])
    expect(after.stdout).toContain(` imported  user  id ${login.user.id}  DC 3\n`)
  }, 90_000)
})

const TMUX = '/usr/bin/tmux'
const hasTmux = existsSync(TMUX)

describe.skipIf(!hasTmux)(`login on a terminal${hasTmux ? '' : ` (skipped: no ${TMUX})`}`, () => {
  let socketDir = ''
  const tmux = (...args: string[]): string =>
    execFileSync(TMUX, ['-u', '-S', join(socketDir, 'socket'), ...args], { encoding: 'utf8' })
  beforeAll(() => {
    socketDir = mkdtempSync(join(tmpdir(), 'tgfetch-tmux-'))
  })
  afterAll(() => {
    execFileSync(TMUX, ['-S', join(socketDir, 'socket'), 'kill-server'], { stdio: 'ignore' })
    rmSync(socketDir, { recursive: true, force: true })
  })

  const tgfetchCommand = () =>
    `env TGFETCH_SERVERS=${join(kit.dir, 'servers.json')} TGFETCH_HOME=${join(kit.dir, 'home')} ${process.execPath} --import tsx ${fileURLToPath(new URL('./main.ts', import.meta.url))} --proxy none`

  /** The pane's text once `pattern` shows in it (tmux polled; the test's own timeout bounds the wait). */
  async function screenWith(pattern: RegExp, session = 'login'): Promise<string> {
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', session)
      if (pattern.test(screen)) return screen
      await sleep(100)
    }
  }

  it('asks for the code, then for the 2FA password without showing it', async () => {
    const a = with2fa()
    const command = `${tgfetchCommand()} login --phone ${a.phone} --label tty; sleep 60`
    tmux('new-session', '-d', '-s', 'login', '-x', '120', '-y', '24', command)
    await screenWith(/Login code: $/m)
    tmux('send-keys', '-t', 'login', a.code, 'Enter')
    await screenWith(/2FA password: $/m)
    tmux('send-keys', '-t', 'login', a.password!, 'Enter')
    const screen = await screenWith(/logged in as/)
    expect(screen).toContain(`Login code: ${a.code}`)
    expect(screen).toMatch(/^2FA password: *$/m)
    expect(screen).not.toContain(a.password)
  }, 60_000)

  it('--qr shows the QR code and the tg://login link as text', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      'qr',
      '-x',
      '200',
      '-y',
      '60',
      `${tgfetchCommand()} login --qr --label qr-tty; sleep 60`,
    )
    const screen = await screenWith(/tg:\/\/login\?token=[A-Za-z0-9_-]+/, 'qr')
    expect(screen).toContain('▀')
    const link = /tg:\/\/login\?token=[A-Za-z0-9_-]+/.exec(screen)![0]
    const { userId } = kit.testkit.cluster.world.accounts.find((x) => x.phone === plain().phone)!
    acceptLoginToken(
      kit.testkit.cluster.state,
      Buffer.from(new URL(link).searchParams.get('token')!, 'base64url'),
      userId,
    )
    expect(await screenWith(/logged in as/, 'qr')).toMatch(/account "qr-tty"/)
  }, 60_000)
})
