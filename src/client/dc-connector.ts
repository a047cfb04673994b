import Long from 'long'
import type { RsaPublicKey } from '../crypto/index.js'
import { type ClientSession, type InitConnectionParams, openClientSession } from '../mtproto/index.js'
import type { SocketFactory, TransportName } from '../transport/index.js'
import type { ProxyConnectOptions } from './proxy/socket-factories.js'
import type { ServerConfigKeeper } from './servers/config-keeper.js'
import type { EndpointWish } from './servers/endpoint-choice.js'
import { type DcEndpoint, endpointFor, type ServerList } from './servers/server-list.js'
import type { StoredAuthKey } from './storage/account-store.js'

export interface ConnectorOptions {
  servers: ServerList
  apiId: number
  transport?: TransportName
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
}

/**
 * Opens MTProto sessions to the DCs of one server list, with a stored auth
 * key or a new one, and initConnection on the first call.
 */
export class DcConnector {
  constructor(readonly opts: ConnectorOptions) {}

  /** `want.media` for file transfers (media-only addresses first), `want.cdn` for CDN DCs */
  async open(
    dcId: number,
    key?: StoredAuthKey,
    signal?: AbortSignal,
    want: Pick<EndpointWish, 'media' | 'cdn'> & {
      publicKeys?: RsaPublicKey[]
      /** what the server pushes on this session (updates) */
      onUpdate?: (update: unknown) => void
    } = {},
  ): Promise<OpenedDc> {
    const { servers, config } = this.opts
    const obfuscated = this.opts.proxy?.obfuscated ?? this.opts.obfuscated ?? true
    const wish = { media: want.media, cdn: want.cdn, obfuscated, preferIpv6: this.opts.preferIpv6 }
    const endpoint = endpointFor(servers, dcId, wish, config?.dcOptions())
    const { session, authKey } = await openClientSession({
      host: endpoint.host,
      port: endpoint.port,
      dcId,
      transport: this.opts.transport ?? 'intermediate',
      obfuscated: this.opts.obfuscated ?? true,
      socketFactory: this.opts.socketFactory,
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
    // a failed refresh keeps the old config: the connection itself is fine
    if (config && !want.cdn) await config.refreshIfStale(session, signal).catch(() => {})
    return { session, authKey, endpoint }
  }
}
