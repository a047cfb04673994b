import Long from 'long'
import { type ClientSession, type InitConnectionParams, openClientSession } from '../mtproto/index.js'
import type { SocketFactory, TransportName } from '../transport/index.js'
import type { ProxyConnectOptions } from './proxy/socket-factories.js'
import { endpointFor, type ServerList } from './servers/server-list.js'
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
}

export interface OpenedDc {
  session: ClientSession
  authKey: Uint8Array
}

/**
 * Opens MTProto sessions to the DCs of one server list, with a stored auth
 * key or a new one, and initConnection on the first call.
 */
export class DcConnector {
  constructor(readonly opts: ConnectorOptions) {}

  async open(dcId: number, key?: StoredAuthKey, signal?: AbortSignal): Promise<OpenedDc> {
    const { servers } = this.opts
    const endpoint = endpointFor(servers, dcId)
    const { session, authKey } = await openClientSession({
      host: endpoint.host,
      port: endpoint.port,
      dcId,
      transport: this.opts.transport ?? 'intermediate',
      obfuscated: this.opts.obfuscated ?? true,
      socketFactory: this.opts.socketFactory,
      publicKeys: servers.rsaKeys,
      testMode: servers.testMode,
      authKey: key?.authKey,
      salt: key?.salt ? Long.fromString(key.salt) : undefined,
      timeOffset: key?.timeOffset,
      signal,
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
    return { session, authKey }
  }
}
