import Long from 'long'
import type { AccountStore } from '../client/storage/account-store.js'
import type { PeerMemory } from './resolve-peers.js'

/** Resolve's memory of peers kept in the state database, per account. */
export function storedPeers(store: AccountStore, accountId: number): PeerMemory {
  return {
    accessHashOf: (id) => {
      const hash = store.peerAccessHash(accountId, 'channel', id)
      return hash === undefined ? undefined : Long.fromString(hash)
    },
    peerByUsername: (username) => {
      const peer = store.peerByUsername(accountId, username)
      if (!peer || peer.kind === 'chat') return undefined
      return { ...peer, kind: peer.kind, accessHash: Long.fromString(peer.accessHash) }
    },
    onChannel: (channel, username) =>
      store.savePeer(accountId, {
        id: channel.channelId,
        kind: 'channel',
        accessHash: channel.accessHash.toString(),
        username,
      }),
    onUser: (user) => store.savePeer(accountId, { ...user, accessHash: user.accessHash.toString() }),
  }
}
