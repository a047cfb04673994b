import type { ClientSession } from '../mtproto/index.js'
import type { PaceMemory } from './request-pacer.js'

/**
 * What the engine needs of one account: connections authorized on any DC,
 * and a way to start over on a DC whose key Telegram stopped accepting.
 * `AccountSessions` (src/client) is one, by its shape: client, a lower layer,
 * does not know this interface.
 */
export interface EngineAccount {
  /** a name for logs and stats; never a secret */
  readonly label: string
  readonly premium: boolean
  /** the account's main session on its home DC, for resolving and refreshing file references */
  home(signal?: AbortSignal): Promise<ClientSession>
  /** a new connection of its own to `dcId`, authorized for this account (export/import once per DC) */
  connect(dcId: number, signal?: AbortSignal): Promise<ClientSession>
  /** a new connection to CDN DC `dcId` (its own key, made with the keys of help.getCdnConfig) */
  connectCdn(dcId: number, signal?: AbortSignal): Promise<ClientSession>
  /**
   * The key for `dcId` was answered AUTH_KEY_UNREGISTERED (or -404): forget
   * it, so the next connect imports the login again (or, for a CDN DC,
   * makes a new key).
   */
  forgetAuthorization(dcId: number, cdn?: boolean): void
  /** where the request pace learned from FLOOD_WAITs is kept for the next run (none: learned anew each run) */
  readonly pacing?: PaceMemory
  /** where the download connections per DC the pool settled on are kept for the next run */
  readonly poolSizes?: PoolSizeMemory
}

/** The number of download connections to a DC a pool settled on, kept between runs. */
export interface PoolSizeMemory {
  recall(dcId: number): number | undefined
  remember(dcId: number, connections: number): void
}
