import { createInterface } from 'node:readline/promises'
import { Command } from 'commander'
import QRCode from 'qrcode'
import { loginWithBotToken, loginWithPhone } from '../../client/auth/login.js'
import { loginWithQr } from '../../client/auth/qr-login.js'
import { saveLogin } from '../../client/auth/save-login.js'
import { cliContext, type GlobalOptions, UsageError } from '../context.js'

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`${question.trim()} is needed: pass it as a flag`)
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return (await rl.question(question)).trim()
  } finally {
    rl.close()
  }
}

interface LoginOptions extends GlobalOptions {
  phone?: string
  code?: string
  password?: string
  botToken?: string
  qr?: boolean
  label?: string
}

/** The login token as a QR code a phone can scan from the terminal. */
async function showQr(url: string, expires: Date): Promise<void> {
  const code = await QRCode.toString(url, { type: 'terminal', small: true })
  process.stderr.write(
    `${code}\nScan with Telegram (Settings → Devices → Link Desktop Device); valid until ${expires.toLocaleTimeString()}\n`,
  )
}

export function loginCommand(): Command {
  return new Command('login')
    .description('log an account in (phone + code [+ 2FA password], or a bot token) and store its session')
    .option('--phone <number>', 'phone number in international format')
    .option('--code <code>', 'the login code (asked for when missing, on a terminal)')
    .option('--password <password>', '2FA password (asked for when needed)')
    .option('--bot-token <token>', 'log in as a bot')
    .option('--qr', 'log in by scanning a QR code with a phone already logged in')
    .option('--label <name>', 'name of the account in tgfetch (default: phone or bot id)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tgfetch login --phone 9996621234\n  $ tgfetch login --qr\n  $ tgfetch login --bot-token 123456:ABC…\n  $ TGFETCH_SERVERS=testkit.json tgfetch login --phone 9996620001 --code 22222',
    )
    .action(async (opts: LoginOptions, cmd: Command) => {
      const ctx = await cliContext({ ...cmd.optsWithGlobals(), ...opts })
      if ([opts.phone, opts.botToken, opts.qr].filter(Boolean).length !== 1) {
        throw new UsageError('give one of --phone, --bot-token or --qr')
      }
      const result = opts.botToken
        ? await loginWithBotToken(ctx.connector, { token: opts.botToken, apiHash: ctx.apiHash })
        : opts.qr
          ? await loginWithQr(ctx.connector, {
              apiHash: ctx.apiHash,
              onToken: (url, expires) => void showQr(url, expires),
              password: async () => opts.password ?? (await ask('2FA password: ')),
            })
          : await loginWithPhone(ctx.connector, {
              phone: opts.phone!,
              apiHash: ctx.apiHash,
              code: async () => opts.code ?? (await ask('Login code: ')),
              password: async () => opts.password ?? (await ask('2FA password: ')),
            })
      result.session.close()
      const label =
        opts.label ?? opts.phone ?? (opts.botToken ? `bot${result.user.id}` : `user${result.user.id}`)
      saveLogin(ctx.store, result, { label, kind: opts.botToken ? 'bot' : 'user', phone: opts.phone })
      process.stdout.write(
        `logged in as ${result.user.firstName ?? label} (id ${result.user.id}, DC ${result.dcId}); account "${label}"\n`,
      )
    })
}
