import Long from 'long'
import type { RsaPublicKey } from '../crypto/index.js'
import { type ClientSession, type InitConnectionParams, openClientSession } from '../mtproto/index.js'
import { ConnectionClosedError, type SocketFactory, type TransportName } from '../transport/index.js'
import type { ProxyConnectOptions } from './proxy/socket-factories.js'
import {
  type Carrier,
  carrierOptions,
  carriersOf,
  type TransportChoice,
  urlsFor,
} from './servers/carriers.js'
import type { ServerConfigKeeper } from './servers/config-keeper.js'
import type { EndpointWish } from './servers/endpoint-choice.js'
import { serverListKey } from './servers/server-config.js'
import { type DcEndpoint, endpointFor, type ServerList } from './servers/server-list.js'
import { TransportMemory } from './servers/transport-memory.js'
import type { StoredAuthKey } from './storage/account-store.js'

export interface ConnectorOptions {
  servers: ServerList
  apiId: number
  /** what carries MTProto: TCP, WebSocket, HTTP, or `auto` (default): the first that answers */
  transport?: TransportChoice
  /** `auto`: how long each carrier has to answer a first round trip (default 4 s) */
  probeTimeoutMs?: number
  /** `auto`: what worked on each network; share one between connectors of a process */
  memory?: TransportMemory
  /** `auto`: names the network this machine is on (see localNetworkId), so each is remembered apart */
  network?: string
  /** `auto`: a connection went over something other than TCP (`failed`: what was tried before it) */
  onCarrier?: (carrier: Carrier, failed: readonly Carrier[]) => void
  /** the framing inside TCP and WebSocket (default intermediate, obfuscated) */
  framing?: TransportName
  obfuscated?: boolean
  socketFactory?: SocketFactory
  /** a proxy's connect options (proxyConnectOptions): they replace the address for MTProxy */
  proxy?: ProxyConnectOptions
  device?: Partial<Omit<InitConnectionParams, 'apiId'>>
  /** help.getConfig kept across runs: its dc_options choose addresses; refreshed when expired */
  config?: ServerConfigKeeper
  /** IPv6 addresses from help.getConfig first (else IPv4 only) */
  preferIpv6?: boolean
}

export interface OpenedDc {
  session: ClientSession
  authKey: Uint8Array
  endpoint: DcEndpoint
  carrier: Carrier
}

type OpenWant = Pick<EndpointWish, 'media' | 'cdn'> & {
  publicKeys?: RsaPublicKey[]
  /** what the server pushes on this session (updates) */
  onUpdate?: (update: unknown) => void
}

/** What `auto` remembers a carrier under: the server list, a proxy, and the local network. */
export function networkKeyOf({
  servers,
  proxy,
  network,
}: Pick<ConnectorOptions, 'servers' | 'proxy' | 'network'>): string {
  return `${serverListKey(servers)}${proxy ? ' via proxy' : ''}${network ? ` on ${network}` : ''}`
}

/** the process's memory of what worked, for connectors given none */
const sharedMemory = new TransportMemory()

/**
 * Opens MTProto sessions to the DCs of one server list, with a stored auth
 * key or a new one, and initConnection on the first call.
 */
export class DcConnector {
  constructor(readonly opts: ConnectorOptions) {}

  /** What `auto` remembers a carrier under. */
  networkKey(): string {
    return networkKeyOf(this.opts)
  }

  /** `want.media` for file transfers (media-only addresses first), `want.cdn` for CDN DCs */
  async open(
    dcId: number,
    key?: StoredAuthKey,
    signal?: AbortSignal,
    want: OpenWant = {},
  ): Promise<OpenedDc> {
    const { servers, config } = this.opts
    const obfuscated = this.opts.proxy?.obfuscated ?? this.opts.obfuscated ?? true
    const wish = { media: want.media, cdn: want.cdn, obfuscated, preferIpv6: this.opts.preferIpv6 }
    const endpoint = endpointFor(servers, dcId, wish, config?.dcOptions())
    const choice = this.opts.transport ?? 'auto'
    const opened =
      choice === 'auto'
        ? await this.openAuto(endpoint, dcId, key, signal, want)
        : { ...(await this.openOn(choice, endpoint, dcId, key, signal, want)), carrier: choice }
    // alongside the caller's first calls, not a round trip before them (the kept config, even expired, or
    // the built-in list serve meanwhile); it goes with the session if that closes first. A failed refresh
    // keeps the old config: the connection itself is fine.
    if (config && !want.cdn) config.refreshIfStale(opened.session, signal).catch(() => {})
    return { ...opened, endpoint }
  }

  /**
   * Tries the carriers in turn, each with a deadline on its first round trip (a
   * key exchange, else a ping): a network that swallows TCP fails that way, not
   * by refusing it. A proxy carries TCP only.
   */
  private async openAuto(
    endpoint: DcEndpoint,
    dcId: number,
    key: StoredAuthKey | undefined,
    signal: AbortSignal | undefined,
    want: OpenWant,
  ): Promise<Omit<OpenedDc, 'endpoint'>> {
    const network = this.networkKey()
    const memory = this.opts.memory ?? sharedMemory
    const available = this.opts.proxy ? (['tcp'] as const) : carriersOf(urlsFor(this.opts.servers, endpoint))
    const order = memory.order(network, available)
    // one way in: nothing to choose, so no deadline and no probe
    if (order.length === 1)
      return { ...(await this.openOn(order[0]!, endpoint, dcId, key, signal, want)), carrier: order[0]! }
    // what stopped answering earlier in this run counts as tried
    const failed: Carrier[] = memory.suspected(network)
    let lastError: unknown
    for (const carrier of order) {
      const deadline = AbortSignal.timeout(this.opts.probeTimeoutMs ?? 4000)
      const both = signal ? AbortSignal.any([signal, deadline]) : deadline
      try {
        const opened = await this.openOn(carrier, endpoint, dcId, key, both, want)
        const found = (): void => {
          memory.remember(network, carrier, failed)
          if (carrier !== 'tcp') this.opts.onCarrier?.(carrier, failed)
        }
        // a stored key: the probe is a ping. On the carrier believed to work it rides along with the
        // first calls instead of costing a round trip before them; if it goes unanswered, the session
        // closes under its calls (tried again by their owners) and the next one starts elsewhere.
        if (key && carrier === memory.trusted(network)) {
          const timeoutMs = this.opts.probeTimeoutMs ?? 4000
          opened.session.ping(Long.fromNumber(Date.now()), { timeoutMs }).then(found, (e: Error) => {
            if (opened.session.isClosed) return
            memory.suspect(network, carrier)
            opened.session.close(new ConnectionClosedError(e))
          })
          return { ...opened, carrier }
        }
        if (key)
          await opened.session.ping(Long.fromNumber(Date.now()), { signal: both }).catch((e: unknown) => {
            opened.session.close()
            throw e
          })
        found()
        return { ...opened, carrier }
      } catch (e) {
        signal?.throwIfAborted()
        if (!failed.includes(carrier)) failed.push(carrier)
        lastError = e
      }
    }
    throw lastError
  }

  private async openOn(
    carrier: Carrier,
    endpoint: DcEndpoint,
    dcId: number,
    key: StoredAuthKey | undefined,
    signal: AbortSignal | undefined,
    want: OpenWant,
  ): Promise<Omit<OpenedDc, 'endpoint' | 'carrier'>> {
    const { servers } = this.opts
    if (carrier !== 'tcp' && this.opts.proxy) throw new Error(`a proxy carries TCP only, not ${carrier}`)
    return openClientSession({
      host: endpoint.host,
      port: endpoint.port,
      dcId,
      transport: this.opts.framing ?? 'intermediate',
      obfuscated: this.opts.obfuscated ?? true,
      socketFactory: this.opts.socketFactory,
      ...carrierOptions(carrier, urlsFor(servers, endpoint), servers.tlsCa),
      publicKeys: want.publicKeys ?? servers.rsaKeys,
      testMode: servers.testMode,
      authKey: key?.authKey,
      salt: key?.salt ? Long.fromString(key.salt) : undefined,
      timeOffset: key?.timeOffset,
      signal,
      onUpdate: want.onUpdate,
      ...this.opts.proxy,
      initConnection: {
        apiId: this.opts.apiId,
        deviceModel: this.opts.device?.deviceModel ?? 'tgfetch',
        systemVersion: this.opts.device?.systemVersion ?? `${process.platform} ${process.version}`,
        appVersion: this.opts.device?.appVersion ?? '0.1.0',
        systemLangCode: this.opts.device?.systemLangCode ?? 'en',
        langCode: this.opts.device?.langCode ?? 'en',
      },
    })
  }
}
