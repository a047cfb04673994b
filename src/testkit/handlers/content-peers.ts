import type { tl } from '@mtcute/tl'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import { peerChannel, toTlChat } from '../convert/channel.js'
import { channelOf } from './content-access.js'
import { peersOf } from './content-response.js'

/** Telegram's username syntax: a letter, then letters, digits, underscores; 4–32 long. */
const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/

export function registerPeerHandlers(registry: HandlerRegistry, state: TestkitState): void {
  registry.on('contacts.resolveUsername', (req, ctx): tl.contacts.TypeResolvedPeer => {
    const { username } = req as unknown as tl.contacts.RawResolveUsernameRequest
    const userId = state.requireUser(ctx)
    if (!USERNAME.test(username)) throw new RpcError(400, 'USERNAME_INVALID')
    const channel = state.index.channelByUsername(username)
    if (channel)
      return {
        _: 'contacts.resolvedPeer',
        peer: peerChannel(channel.id),
        ...peersOf(state, userId, [channel.id]),
      }
    const user = state.index.userByUsername(username)
    if (user)
      return {
        _: 'contacts.resolvedPeer',
        peer: { _: 'peerUser', userId: user.userId },
        ...peersOf(state, userId, [], [user.userId]),
      }
    throw new RpcError(400, 'USERNAME_NOT_OCCUPIED')
  })

  registry.on('channels.getChannels', (req, ctx): tl.messages.TypeChats => {
    const { id } = req as unknown as tl.channels.RawGetChannelsRequest
    const userId = state.requireUser(ctx)
    // a private channel the user has not joined still comes back, as channelForbidden
    return {
      _: 'messages.chats',
      chats: id.map((input) => toTlChat(state.index, channelOf(state, input), userId)),
    }
  })
}
