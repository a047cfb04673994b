import type { OpenSessionOptions } from '../../mtproto/index.js'
import { HttpClientLink, openWebSocket } from '../../transport/index.js'
import type { DcEndpoint, DcUrls, ServerList } from './server-list.js'

/** What carries MTProto to a DC: TCP, WebSocket (/apiws) or HTTP (/api), plain or over TLS. */
export type Carrier = 'tcp' | 'ws' | 'wss' | 'http' | 'https'
/** A carrier, or `auto`: TCP, then WebSocket over TLS, then HTTP over TLS (then the plain ones). */
export type TransportChoice = Carrier | 'auto'

/** The order `auto` tries carriers in when none is remembered. */
export const AUTO_ORDER: readonly Carrier[] = ['tcp', 'wss', 'https', 'ws', 'http']

/** A DC's web URLs: the endpoint's own, else those the server list gives the DC. */
export function urlsFor(list: ServerList, endpoint: DcEndpoint): DcUrls {
  if (endpoint.urls) return endpoint.urls
  const same = (d: DcEndpoint) => d.id === endpoint.id && d.cdn === endpoint.cdn && d.urls !== undefined
  return (
    list.dcs.find((d) => same(d) && d.mediaOnly === endpoint.mediaOnly)?.urls ??
    list.dcs.find(same)?.urls ??
    {}
  )
}

/** The carriers a DC can be reached by (TCP always). */
export function carriersOf(urls: DcUrls): Carrier[] {
  return AUTO_ORDER.filter((c) => c === 'tcp' || urls[c] !== undefined)
}

/**
 * Options for openClientSession that put the session on `carrier`: nothing for
 * TCP, a socket factory opening a WebSocket, or an HTTP link. TLS trusts the
 * list's pinned certificate when it has one, else the system's.
 */
export function carrierOptions(
  carrier: Carrier,
  urls: DcUrls,
  tlsCa: string | undefined,
): Pick<OpenSessionOptions, 'socketFactory' | 'openLink'> {
  if (carrier === 'tcp') return {}
  const url = urls[carrier]
  if (url === undefined) throw new Error(`no ${carrier}:// address known for this DC`)
  if (carrier === 'ws' || carrier === 'wss')
    return { socketFactory: (_host, _port, signal) => openWebSocket(url, { ca: tlsCa }, signal) }
  return { openLink: () => new HttpClientLink({ url, ca: tlsCa }) }
}
