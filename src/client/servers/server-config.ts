import type { tl } from '@mtcute/tl'
import type { DcEndpoint, ServerList } from './server-list.js'

/** What tgfetch keeps of help.getConfig: the DCs' addresses and when to ask again. */
export interface ServerConfig {
  /** the DC that answered */
  thisDc: number
  /** unix seconds; after it the config is asked for again */
  expires: number
  dcOptions: DcEndpoint[]
}

/** Where a server list's config is kept between runs (the state database, in the CLI). */
export interface ServerConfigCache {
  load(): ServerConfig | undefined
  save(config: ServerConfig): void
}

export function serverConfigFrom(config: tl.RawConfig): ServerConfig {
  return {
    thisDc: config.thisDc,
    expires: config.expires,
    dcOptions: config.dcOptions.map((o) => ({
      id: o.id,
      host: o.ipAddress,
      port: o.port,
      mediaOnly: o.mediaOnly === true,
      cdn: o.cdn === true,
      ipv6: o.ipv6 === true,
      tcpoOnly: o.tcpoOnly === true,
    })),
  }
}

export function isConfigStale(config: ServerConfig, nowMs: number): boolean {
  return nowMs >= config.expires * 1000
}

/**
 * The name a server list's config is stored under: production and test are
 * themselves; a custom list (a testkit) is its addresses, so another testkit
 * never inherits this one's config.
 */
export function serverListKey(list: ServerList): string {
  if (list.name !== 'custom') return list.name
  const addresses = list.dcs.map((d) => `${d.id}@${d.host}:${d.port}`).sort()
  return `custom:${addresses.join(',')}`
}
