import { once } from 'node:events'
import { join, resolve } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { resolveDataDir } from '../../../client/storage/data-dir.js'
import { DownloadEngine } from '../../../download/engine.js'
import { storedPeers } from '../../../media/stored-peers.js'
import { isLoopbackHost } from '../../../stream/access.js'
import { startEngineStreamServer } from '../../../stream/engine-stream-server.js'
import { cliContext, type GlobalOptions, UsageError } from '../../context.js'
import { EXIT } from '../../exit-codes.js'
import { onInterrupt } from '../../interrupt.js'
import { openAccounts } from '../../open-accounts.js'
import { formatBytes } from '../../progress/units.js'
import { parseByteSize } from './byte-size.js'
import { ReadyFile } from './ready-file.js'

interface ServeOptions extends GlobalOptions {
  host: string
  port: number
  token?: string
  cacheDir?: string
  cacheSize: number
  account?: string
  readyFile?: string
}

const TOKEN_ENV = 'TGFETCH_SERVE_TOKEN'

// serve runs until stopped: it has no "everything is on disk" nor "some files failed"
const SERVE_EXIT_CODES_HELP = `
Exit codes:
  1    unexpected error
  2    bad input (a flag, the token, an address or port it cannot listen on)
  4    no usable account: run \`tgfetch login\`
  130  stopped (Ctrl-C or SIGTERM): partial files stay in the cache and resume`

function portNumber(value: string): number {
  const n = Number(value)
  if (!/^[0-9]{1,5}$/.test(value) || n > 65535) throw new InvalidArgumentError('a port from 0 to 65535')
  return n
}

/** The token from --token or the environment; checked before anything is opened. */
function tokenFor(opts: ServeOptions, env: NodeJS.ProcessEnv): string | undefined {
  const token = opts.token ?? (env[TOKEN_ENV] || undefined)
  if (token !== undefined && token.trim().length < 8)
    throw new UsageError(`the token must have at least 8 characters (set ${TOKEN_ENV})`)
  if (!isLoopbackHost(opts.host) && token === undefined)
    throw new UsageError(
      `--host ${opts.host} is not a loopback address: anyone who can reach it could use your account. Set ${TOKEN_ENV} to a secret every request must carry, or keep the default --host 127.0.0.1`,
    )
  if (opts.token !== undefined)
    process.stderr.write(`tgfetch: --token shows in the process list; prefer the ${TOKEN_ENV} variable\n`)
  return token
}

function listenError(e: unknown, opts: ServeOptions): never {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    throw new UsageError(`port ${opts.port} on ${opts.host} is in use: pick another with --port`)
  if (code === 'EACCES') throw new UsageError(`not allowed to listen on ${opts.host}:${opts.port}`)
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    throw new UsageError(`${opts.host} is not an address of this machine`)
  throw e
}

export function serveCommand(): Command {
  return new Command('serve')
    .option('--host <address>', 'address to listen on; anything but loopback needs a token', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: a free one)', portNumber, 8080)
    .option(
      '--token <secret>',
      `every request must carry it (Authorization: Bearer …, or ?token=…); prefer the ${TOKEN_ENV} env var: flags show in ps`,
    )
    .option('--cache-dir <dir>', 'where streamed files are kept (default: <data dir>/cache)')
    .addOption(
      new Option('--cache-size <size>', 'the cache bound, e.g. 2G, 500M (files in use are never deleted)')
        .argParser(parseByteSize)
        .default(2 * 1024 ** 3, '2G'),
    )
    .option('--account <label>', 'account to use (default: the default account)')
    .option('--ready-file <path>', 'write the URL there (0600) once listening, for scripts to wait on')
    .addHelpText(
      'after',
      `
Requests:
  GET/HEAD /<chat>/<message id>     a channel's username or id, e.g. /durov/42
  GET/HEAD /?link=<t.me link>       any message link (in an album: the linked message's media)
  add download=1 to the query to get it as an attachment

Once it listens it prints one line, \`listening on http://127.0.0.1:8080/\`,
on stdout (the rest goes to stderr).

Examples:
  $ tgfetch serve
  $ curl -r 0-99 http://127.0.0.1:8080/somechannel/123
  $ tgfetch serve --port 0 --ready-file /tmp/serve.url &
  $ until [ -s /tmp/serve.url ]; do sleep 0.2; done; curl -r 0-99 "$(cat /tmp/serve.url)somechannel/123"
  $ mpv http://127.0.0.1:8080/somechannel/123
  $ ${TOKEN_ENV}=$(openssl rand -hex 16) tgfetch serve --host 0.0.0.0
${SERVE_EXIT_CODES_HELP}`,
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      const globals = { ...cmd.optsWithGlobals<GlobalOptions>(), ...opts }
      const token = tokenFor(opts, process.env)
      const ctx = await cliContext(globals)
      const accounts = openAccounts(ctx, { account: opts.account })
      const account = accounts[0]!
      const cacheDir = resolve(opts.cacheDir ?? join(resolveDataDir(globals.dataDir), 'cache'))
      const readyFile = opts.readyFile === undefined ? undefined : new ReadyFile(opts.readyFile)
      await readyFile?.clear()
      const engine = new DownloadEngine({ accounts, maxActiveDownloads: 8 })
      const interrupt = onInterrupt()
      try {
        const server = await startEngineStreamServer({
          engine,
          account,
          peers: storedPeers(ctx.store, account.account.id),
          cacheDir,
          cacheBytes: opts.cacheSize,
          host: opts.host,
          port: opts.port,
          token,
          onError: (e) => process.stderr.write(`tgfetch: ${e instanceof Error ? e.message : String(e)}\n`),
        }).catch((e: unknown) => listenError(e, opts))
        const auth = token === undefined ? '' : ` -H "Authorization: Bearer $${TOKEN_ENV}"`
        // the one line on stdout, for people and scripts alike; the details go to stderr
        process.stdout.write(`listening on ${server.url}\n`)
        process.stderr.write(
          `tgfetch: cache ${cacheDir}, up to ${formatBytes(opts.cacheSize)}${token === undefined ? '' : `; requests need the token (${token.length} characters)`}\n` +
            `  try: curl${auth} -r 0-99 ${server.url}<chat>/<msg>\n` +
            '  Ctrl-C stops; partial files stay in the cache and resume next time\n',
        )
        await readyFile?.write(server.url)
        if (!interrupt.signal.aborted) await once(interrupt.signal, 'abort')
        // not ready any more: first thing, in case a wrapper kills this process before it is done
        readyFile?.remove()
        await server.close()
        process.stderr.write('tgfetch: stopped\n')
        process.exitCode = EXIT.interrupted
      } finally {
        interrupt.dispose()
        await engine.close()
        for (const a of accounts) await a.close()
      }
    })
}
