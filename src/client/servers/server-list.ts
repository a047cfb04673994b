import type { RsaPublicKey } from '../../crypto/index.js'

export interface DcEndpoint {
  id: number
  host: string
  port: number
  mediaOnly: boolean
  cdn: boolean
  ipv6?: boolean
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
}

/** The endpoint for a DC: media-only ones only when asked, never a CDN unless asked. */
export function endpointFor(
  list: ServerList,
  dcId: number,
  opts: { media?: boolean; cdn?: boolean } = {},
): DcEndpoint {
  const candidates = list.dcs.filter((d) => d.id === dcId && d.cdn === (opts.cdn ?? false))
  const pick =
    (opts.media ? candidates.find((d) => d.mediaOnly) : undefined) ??
    candidates.find((d) => !d.mediaOnly) ??
    candidates[0]
  if (!pick)
    throw new Error(
      `no address known for DC ${dcId}${opts.cdn ? ' (CDN)' : ''} in the ${list.name} server list`,
    )
  return pick
}
