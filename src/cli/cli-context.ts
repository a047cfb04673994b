import { readFileSync } from 'node:fs'
import { DcConnector } from '../client/dc-connector.js'
import { detectProxy } from '../client/proxy/auto-detect.js'
import { describeProxy, parseProxy } from '../client/proxy/proxy-config.js'
import { type ProxyConnectOptions, proxyConnectOptions } from '../client/proxy/socket-factories.js'
import { productionServers, testServers } from '../client/servers/builtin.js'
import type { ServerList } from '../client/servers/server-list.js'
import { serverListFromTestkitLine } from '../client/servers/testkit-line.js'
import { AccountStore } from '../client/storage/account-store.js'
import { resolveDataDir } from '../client/storage/data-dir.js'
import { openStateDatabase } from '../client/storage/database.js'

/** Options every account command takes. */
export interface GlobalOptions {
  dataDir?: string
  servers?: string
  testDc?: boolean
  apiId?: string
  apiHash?: string
  /** a proxy URL or link, `auto` (default) or `none` */
  proxy?: string
}

export class UsageError extends Error {
  override name = 'UsageError'
}

export interface CliContext {
  store: AccountStore
  servers: ServerList
  apiId: number
  apiHash: string
  connector: DcConnector
}

/**
 * Where to connect (--servers FILE / TGFETCH_SERVERS: a testkit's JSON line;
 * --test-dc; else production) and with which app credentials (flags, env
 * TGFETCH_API_ID/TGFETCH_API_HASH, or the testkit's own). Credentials never
 * come from argv of child processes we start and never reach logs.
 */
export async function cliContext(
  opts: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliContext> {
  const serversFile = opts.servers ?? env.TGFETCH_SERVERS
  const servers = serversFile
    ? serverListFromTestkitLine(readFileSync(serversFile, 'utf8'))
    : opts.testDc
      ? testServers()
      : productionServers()
  const apiId = Number(opts.apiId ?? env.TGFETCH_API_ID ?? servers.apiId)
  const apiHash = opts.apiHash ?? env.TGFETCH_API_HASH ?? servers.apiHash
  if (!Number.isInteger(apiId) || apiId <= 0 || !apiHash) {
    throw new UsageError('no API id/hash: set TGFETCH_API_ID and TGFETCH_API_HASH (from my.telegram.org)')
  }
  const store = new AccountStore(openStateDatabase(resolveDataDir(opts.dataDir, env)))
  const proxy = await chooseProxy(opts.proxy ?? env.TGFETCH_PROXY ?? 'auto', servers, env)
  return { store, servers, apiId, apiHash, connector: new DcConnector({ servers, apiId, proxy }) }
}

/** `--proxy`: a URL or MTProxy link, `none`, or `auto` (environment, then local ports, then direct). */
async function chooseProxy(
  choice: string,
  servers: ServerList,
  env: NodeJS.ProcessEnv,
): Promise<ProxyConnectOptions | undefined> {
  if (choice === 'none') return undefined
  if (choice !== 'auto') return proxyConnectOptions(parseProxy(choice))
  const detected = await detectProxy(env, undefined, { targetHost: servers.dcs[0]?.host })
  if (detected.proxy)
    process.stderr.write(`tgfetch: using ${describeProxy(detected.proxy)} (${detected.reason})\n`)
  return detected.proxy && proxyConnectOptions(detected.proxy)
}
