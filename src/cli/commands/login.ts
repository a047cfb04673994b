import { createInterface, type Interface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import { Command } from 'commander'
import QRCode from 'qrcode'
import { type LoginResult, loginWithBotToken, loginWithPhone } from '../../client/auth/login.js'
import { explainLoginError } from '../../client/auth/login-errors.js'
import { loginWithQr } from '../../client/auth/qr-login.js'
import { saveLogin } from '../../client/auth/save-login.js'
import { type CliContext, cliContext, type GlobalOptions, UsageError } from '../context.js'

/** A login secret and the ways to give it besides its flag (which `ps` shows). */
interface Secret {
  what: string
  option: string
  placeholder: string
  stdinFlag: string
  env: string
  prompt: string
  /** typed without echo on a terminal */
  hidden: boolean
}

const CODE: Secret = {
  what: 'the login code',
  option: '--code',
  placeholder: 'CODE',
  stdinFlag: '--code-stdin',
  env: 'TGFETCH_CODE',
  prompt: 'Login code: ',
  hidden: false,
}
const PASSWORD: Secret = {
  what: 'the 2FA password',
  option: '--password',
  placeholder: 'PASSWORD',
  stdinFlag: '--password-stdin',
  env: 'TGFETCH_PASSWORD',
  prompt: '2FA password: ',
  hidden: true,
}
const BOT_TOKEN: Secret = {
  what: 'the bot token',
  option: '--bot-token',
  placeholder: 'TOKEN',
  stdinFlag: '--bot-token-stdin',
  env: 'TGFETCH_BOT_TOKEN',
  prompt: 'Bot token: ',
  hidden: true,
}

/**
 * stdin read a line at a time as secrets are needed, so that a script can
 * write the code once it has it; with --code-stdin --password-stdin the code
 * is the first line and the password the second.
 */
class StdinLines {
  private rl: Interface | undefined
  private lines: AsyncIterator<string> | undefined

  async next(secret: Secret): Promise<string> {
    this.rl ??= createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
    this.lines ??= this.rl[Symbol.asyncIterator]()
    const line = await this.lines.next()
    if (line.done || line.value === '')
      throw new UsageError(`${secret.stdinFlag}: stdin ended before ${secret.what}`)
    return line.value
  }

  close(): void {
    this.rl?.close()
  }
}

/** The secret from its flag, its stdin option, its environment variable or, last, a terminal prompt. */
async function secretFrom(
  secret: Secret,
  given: { value?: string; stdin?: boolean },
  stdin: StdinLines,
): Promise<string> {
  if (given.value !== undefined) return given.value
  if (given.stdin) return stdin.next(secret)
  const fromEnv = process.env[secret.env]
  if (fromEnv) return fromEnv
  if (!process.stdin.isTTY)
    throw new UsageError(
      `${secret.what} is needed and there is no terminal to ask on: give ${secret.option} ${secret.placeholder}, set ${secret.env}, or pipe it with ${secret.stdinFlag}`,
    )
  return askOnTerminal(secret)
}

/** A line typed on the terminal; a hidden secret's keys are not echoed (readline writes them to a muted output). */
async function askOnTerminal(secret: Secret): Promise<string> {
  let muted = false
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  try {
    const answer = rl.question(secret.prompt) // writes the prompt before muting
    muted = secret.hidden
    return (await answer).trim()
  } finally {
    rl.close()
    if (secret.hidden) process.stderr.write('\n')
  }
}

interface LoginOptions extends GlobalOptions {
  phone?: string
  code?: string
  codeStdin?: boolean
  password?: string
  passwordStdin?: boolean
  botToken?: string
  botTokenStdin?: boolean
  qr?: boolean
  label?: string
}

/**
 * The login token as a QR code a phone can scan and as a link, on a terminal;
 * only the link, on stdout, for a script.
 */
async function showQr(url: string, expires: Date): Promise<void> {
  if (!process.stdout.isTTY) {
    process.stdout.write(`${url}\n`)
    return
  }
  const code = await QRCode.toString(url, { type: 'terminal', small: true })
  process.stderr.write(
    `${code}\nScan with Telegram (Settings → Devices → Link Desktop Device); valid until ${expires.toLocaleTimeString()}\nor open this link on a device logged in: ${url}\n`,
  )
}

async function login(
  ctx: CliContext,
  opts: LoginOptions,
  bot: boolean,
  stdin: StdinLines,
): Promise<LoginResult> {
  const password = () => secretFrom(PASSWORD, { value: opts.password, stdin: opts.passwordStdin }, stdin)
  if (bot) {
    const token = await secretFrom(BOT_TOKEN, { value: opts.botToken, stdin: opts.botTokenStdin }, stdin)
    return loginWithBotToken(ctx.connector, { token, apiHash: ctx.apiHash })
  }
  if (opts.qr)
    return loginWithQr(ctx.connector, {
      apiHash: ctx.apiHash,
      onToken: (url, expires) => void showQr(url, expires),
      password,
    })
  return loginWithPhone(ctx.connector, {
    phone: opts.phone!,
    apiHash: ctx.apiHash,
    code: () => secretFrom(CODE, { value: opts.code, stdin: opts.codeStdin }, stdin),
    password,
  })
}

export function loginCommand(): Command {
  return new Command('login')
    .option('--phone <number>', 'phone number in international format')
    .option('--code <code>', 'the login code (else $TGFETCH_CODE, else asked for on a terminal)')
    .option('--code-stdin', 'read the login code from a line of stdin, once it is needed')
    .option('--password <password>', '2FA password, when the account has one (prefer $TGFETCH_PASSWORD)')
    .option(
      '--password-stdin',
      'read the 2FA password from a line of stdin (after the code with --code-stdin)',
    )
    .option(
      '--bot-token <token>',
      'log in as a bot (prefer $TGFETCH_BOT_TOKEN, used when no --phone or --qr)',
    )
    .option('--bot-token-stdin', 'log in as a bot, its token read from stdin')
    .option(
      '--qr',
      'log in by scanning a QR code with a phone already logged in (a script gets the link on stdout)',
    )
    .option('--label <name>', 'name of the account in tgfetch (default: phone or bot id)')
    .addHelpText(
      'after',
      `
Secrets: its flag or its --…-stdin option (a line each, as asked: code, then
password), else TGFETCH_CODE / TGFETCH_PASSWORD / TGFETCH_BOT_TOKEN, else a prompt
on a terminal. Flags show in \`ps\`: prefer the others.

Examples:
  $ tgfetch login --phone 9996621234
  $ tgfetch login --qr
  $ TGFETCH_BOT_TOKEN=123456:ABC… tgfetch login
  $ printf '%s\\n%s\\n' "$CODE" "$PASSWORD" | tgfetch login --phone 9996621234 --code-stdin --password-stdin
  $ TGFETCH_SERVERS=testkit.json tgfetch login --phone 9996620001 --code 22222`,
    )
    .action(async (opts: LoginOptions, cmd: Command) => {
      const ctx = await cliContext({ ...cmd.optsWithGlobals(), ...opts })
      const botFlag = opts.botToken !== undefined || opts.botTokenStdin === true
      const bot = botFlag || (!opts.phone && !opts.qr && process.env.TGFETCH_BOT_TOKEN !== undefined)
      if ([opts.phone, bot, opts.qr].filter(Boolean).length !== 1) {
        throw new UsageError(
          'give one of --phone, --bot-token (or TGFETCH_BOT_TOKEN, --bot-token-stdin) or --qr',
        )
      }
      for (const [value, fromStdin, secret] of [
        [opts.code, opts.codeStdin, CODE],
        [opts.password, opts.passwordStdin, PASSWORD],
        [opts.botToken, opts.botTokenStdin, BOT_TOKEN],
      ] as const)
        if (value !== undefined && fromStdin)
          throw new UsageError(`give ${secret.what} once: ${secret.option} or ${secret.stdinFlag}`)
      const stdin = new StdinLines()
      let result: LoginResult
      try {
        result = await login(ctx, opts, bot, stdin)
      } catch (e) {
        const explained = explainLoginError(e)
        throw explained === undefined ? e : new UsageError(explained)
      } finally {
        stdin.close()
      }
      result.session.close()
      const label = opts.label ?? opts.phone ?? (bot ? `bot${result.user.id}` : `user${result.user.id}`)
      saveLogin(ctx.store, result, { label, kind: bot ? 'bot' : 'user', phone: opts.phone })
      process.stdout.write(
        `logged in as ${result.user.firstName ?? label} (id ${result.user.id}, DC ${result.dcId}); account "${label}"\n`,
      )
    })
}
