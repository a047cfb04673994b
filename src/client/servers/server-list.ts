import type { RsaPublicKey } from '../../crypto/index.js'
import { chooseEndpoint, type EndpointWish } from './endpoint-choice.js'

export interface DcEndpoint {
  id: number
  host: string
  port: number
  mediaOnly: boolean
  cdn: boolean
  ipv6?: boolean
  /** reachable only with an obfuscated transport */
  tcpoOnly?: boolean
  /** the same DC over WebSocket and HTTP (full URLs, e.g. wss://host:443/apiws) */
  urls?: DcUrls
}

export interface DcUrls {
  ws?: string
  wss?: string
  http?: string
  https?: string
}

/**
 * Where to connect and whom to trust: Telegram's production or test DCs, or
 * a testkit described by its `testkit serve --json` line.
 */
export interface ServerList {
  name: 'production' | 'test' | 'custom'
  dcs: DcEndpoint[]
  rsaKeys: RsaPublicKey[]
  /** DCs here use the test-DC id offset (+10000) in obfuscated2 and p_q_inner_data */
  testMode: boolean
  /** a testkit publishes its own application credentials */
  apiId?: number
  apiHash?: string
  /** a certificate (PEM) trusted for wss:// and https:// instead of the system's: a testkit's own */
  tlsCa?: string
}

/**
 * The endpoint for a DC: from `learned` (help.getConfig's dc_options) when one
 * fits, else from the list itself; see {@link chooseEndpoint} for the rules.
 */
export function endpointFor(
  list: ServerList,
  dcId: number,
  wish: EndpointWish = {},
  learned: readonly DcEndpoint[] = [],
): DcEndpoint {
  const pick = chooseEndpoint(learned, dcId, wish) ?? chooseEndpoint(list.dcs, dcId, wish)
  if (!pick)
    throw new Error(
      `no address known for DC ${dcId}${wish.cdn ? ' (CDN)' : ''} in the ${list.name} server list`,
    )
  return pick
}
