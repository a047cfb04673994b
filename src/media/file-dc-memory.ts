import type { AccountStore } from '../client/storage/account-store.js'
import type { LinkPeer } from './links.js'
import type { MediaItem } from './media-item.js'

/**
 * Where a channel's files were last downloaded from, per account: a channel's
 * media mostly live on one DC, so `get` opens its download connections there
 * (an exported authorization on a DC other than home takes round trips of its
 * own) while the link still resolves.
 */
export function rememberedFileDc(store: AccountStore, accountId: number, peer: LinkPeer): number | undefined {
  return store.fileDcOf(
    accountId,
    peer.type === 'username' ? { username: peer.username } : { id: peer.channelId },
  )
}

/** Remembers each resolved file's DC for its channel (the last one wins). */
export function rememberFileDcs(store: AccountStore, accountId: number, items: readonly MediaItem[]): void {
  for (const item of items) store.saveFileDc(accountId, item.origin.channel.channelId, item.dcId)
}
