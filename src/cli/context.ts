import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import envPaths from 'env-paths'
import { DcConnector, networkKeyOf } from '../client/dc-connector.js'
import { detectProxy } from '../client/proxy/auto-detect.js'
import { describeProxy, parseProxy } from '../client/proxy/proxy-config.js'
import { type ProxyConnectOptions, proxyConnectOptions } from '../client/proxy/socket-factories.js'
import { productionServers, testServers } from '../client/servers/builtin.js'
import { ServerConfigKeeper } from '../client/servers/config-keeper.js'
import { localNetworkId } from '../client/servers/local-network.js'
import { serverListKey } from '../client/servers/server-config.js'
import type { ServerList } from '../client/servers/server-list.js'
import { serverListFromTestkitLine } from '../client/servers/testkit-line.js'
import { AccountStore } from '../client/storage/account-store.js'
import { resolveDataDir } from '../client/storage/data-dir.js'
import { openStateDatabase } from '../client/storage/database.js'
import { ServerConfigStore } from '../client/storage/server-config-store.js'
import { TransportMemoryFile } from '../client/storage/transport-memory-file.js'
import { type ConfigFile, configPath, readConfigFile } from './config-file.js'
import { carrierAnnouncer, parseTransportChoice } from './transport-choice.js'
import { UsageError } from './usage-error.js'

/** Options every account command takes. */
export interface GlobalOptions {
  dataDir?: string
  servers?: string
  testDc?: boolean
  apiId?: string
  apiHash?: string
  /** a proxy URL or link, `auto` (default) or `none` */
  proxy?: string
  /** tcp, ws, wss, http, https or `auto` (default) */
  transport?: string
  /** --json: the transport's choice is an event, not a line on stderr */
  json?: boolean
}

export { UsageError }

export interface CliContext {
  /** the config file's settings (defaults for flags) */
  config: ConfigFile
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
  const dataDir = resolveDataDir(opts.dataDir, env)
  const config = readConfigFile(configPath(dataDir, env))
  // flags, then the environment, then the config file, then what a testkit publishes
  const apiId = Number(opts.apiId ?? env.TGFETCH_API_ID ?? config.apiId ?? servers.apiId)
  const apiHash = opts.apiHash ?? env.TGFETCH_API_HASH ?? config.apiHash ?? servers.apiHash
  if (!Number.isInteger(apiId) || apiId <= 0 || !apiHash) {
    throw new UsageError(
      `no API id/hash: set TGFETCH_API_ID and TGFETCH_API_HASH (from my.telegram.org), or put apiId/apiHash in ${configPath(dataDir, env) ?? join(envPaths('tgfetch', { suffix: '' }).config, 'config.json')}`,
    )
  }
  const db = openStateDatabase(dataDir)
  const store = new AccountStore(db)
  const proxy = await chooseProxy(opts.proxy ?? env.TGFETCH_PROXY ?? config.proxy ?? 'auto', servers, env)
  const serverConfig = new ServerConfigKeeper(new ServerConfigStore(db, serverListKey(servers)))
  const transport = parseTransportChoice(
    opts.transport ?? env.TGFETCH_TRANSPORT ?? config.transport ?? 'auto',
  )
  const network = localNetworkId()
  // auto starts with what worked on this network in earlier runs (transport-memory-file.ts)
  const memory =
    transport === 'auto'
      ? new TransportMemoryFile(dataDir).begin(networkKeyOf({ servers, proxy, network }))
      : undefined
  return {
    config,
    store,
    servers,
    apiId,
    apiHash,
    connector: new DcConnector({
      servers,
      apiId,
      proxy,
      config: serverConfig,
      transport,
      network,
      memory,
      onCarrier: carrierAnnouncer(opts.json === true),
    }),
  }
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
