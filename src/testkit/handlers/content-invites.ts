import type { tl } from '@mtcute/tl'
import Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import { toTlChat } from '../convert/channel.js'
import type { WorldChannel } from '../world/types.js'
import { requireHuman } from './content-access.js'

/** The channel behind an invite hash, with Telegram's errors for empty and unknown hashes. */
function invitedChannel(state: TestkitState, hash: string): WorldChannel {
  if (hash === '') throw new RpcError(400, 'INVITE_HASH_EMPTY')
  const channel = state.index.channelByInvite(hash)
  if (!channel) throw new RpcError(400, 'INVITE_HASH_INVALID')
  return channel
}

export function registerInviteHandlers(registry: HandlerRegistry, state: TestkitState): void {
  registry.on('messages.checkChatInvite', (req, ctx): tl.TypeChatInvite => {
    const { hash } = req as unknown as tl.messages.RawCheckChatInviteRequest
    const userId = requireHuman(state, ctx)
    const channel = invitedChannel(state, hash)
    if (channel.members.includes(userId))
      return { _: 'chatInviteAlready', chat: toTlChat(state.index, channel, userId) }
    // Telegram's error table gives 406 for an expired link
    if (channel.invite?.expired) throw new RpcError(406, 'INVITE_HASH_EXPIRED')
    return {
      _: 'chatInvite',
      channel: true,
      broadcast: channel.kind === 'channel' ? true : undefined,
      megagroup: channel.kind === 'supergroup' ? true : undefined,
      public: channel.username !== undefined ? true : undefined,
      title: channel.title,
      photo: { _: 'photoEmpty', id: Long.ZERO },
      participantsCount: channel.participantsCount,
      color: 0,
    }
  })

  registry.on('messages.importChatInvite', (req, ctx): tl.TypeUpdates => {
    const { hash } = req as unknown as tl.messages.RawImportChatInviteRequest
    const userId = requireHuman(state, ctx)
    const channel = invitedChannel(state, hash)
    if (channel.members.includes(userId)) throw new RpcError(400, 'USER_ALREADY_PARTICIPANT')
    if (channel.invite?.expired) throw new RpcError(406, 'INVITE_HASH_EXPIRED')
    channel.members.push(userId)
    channel.participantsCount++
    return {
      _: 'updates',
      updates: [{ _: 'updateChannel', channelId: channel.id }],
      users: [],
      chats: [toTlChat(state.index, channel, userId)],
      date: Math.floor(state.now() / 1000),
      seq: 0,
    }
  })
}
