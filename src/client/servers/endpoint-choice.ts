import type { DcEndpoint } from './server-list.js'

/** What a connection needs from an address. */
export interface EndpointWish {
  /** for file transfers: media-only addresses first, regular ones if there are none */
  media?: boolean
  /** a CDN DC: only CDN addresses (which are never used for anything else) */
  cdn?: boolean
  /** IPv6 addresses first; without it IPv6 addresses are never used */
  preferIpv6?: boolean
  /** the transport is obfuscated, so tcpo_only addresses may be used */
  obfuscated?: boolean
}

/**
 * The address for a DC among help.getConfig-style options, or undefined when
 * none fits the wish. Ties keep the options' order (the server's preference).
 */
export function chooseEndpoint(
  options: readonly DcEndpoint[],
  dcId: number,
  wish: EndpointWish = {},
): DcEndpoint | undefined {
  const usable = options.filter(
    (o) =>
      o.id === dcId &&
      o.cdn === (wish.cdn ?? false) &&
      (wish.media || !o.mediaOnly) &&
      (wish.preferIpv6 || !o.ipv6) &&
      (wish.obfuscated || !o.tcpoOnly),
  )
  // a media-only address matters more than the address family
  const rank = (o: DcEndpoint): number =>
    (wish.media && !o.mediaOnly ? 2 : 0) + (wish.preferIpv6 && !o.ipv6 ? 1 : 0)
  let best: DcEndpoint | undefined
  for (const o of usable) if (best === undefined || rank(o) < rank(best)) best = o
  return best
}
