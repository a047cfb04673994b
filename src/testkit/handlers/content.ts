import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { registerInviteHandlers } from './content-invites.js'
import { registerMessageHandlers } from './content-messages.js'
import { registerPeerHandlers } from './content-peers.js'
import { registerThreadHandlers } from './content-threads.js'

/** What a client reads: usernames, channels, messages, threads, invites. */
export function registerContentHandlers(registry: HandlerRegistry, api: DcApi): void {
  registerPeerHandlers(registry, api.state)
  registerMessageHandlers(registry, api.state)
  registerThreadHandlers(registry, api.state)
  registerInviteHandlers(registry, api.state)
}
