import type { tl } from '@mtcute/tl'
import Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { CallContext } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import { canRead } from '../convert/channel.js'
import type { WorldChannel } from '../world/types.js'

/** The logged-in user; bots get BOT_METHOD_INVALID for methods only users may call. */
export function requireHuman(state: TestkitState, ctx: CallContext): number {
  const userId = state.requireUser(ctx)
  if (state.index.isBot(userId)) throw new RpcError(400, 'BOT_METHOD_INVALID')
  return userId
}

type ChannelInput = tl.TypeInputChannel | tl.TypeInputPeer

/** An inputChannel / inputPeerChannel whose id and access hash match a channel, else CHANNEL_INVALID. */
export function channelOf(state: TestkitState, input: ChannelInput): WorldChannel {
  if (input._ !== 'inputChannel' && input._ !== 'inputPeerChannel') throw new RpcError(400, 'CHANNEL_INVALID')
  const channel = state.index.channel(input.channelId)
  if (!channel || !Long.fromString(channel.accessHash).equals(input.accessHash))
    throw new RpcError(400, 'CHANNEL_INVALID')
  return channel
}

/**
 * Like {@link channelOf}, and the user must be allowed to read it: a private
 * channel the user has not joined is CHANNEL_PRIVATE (406 for most methods
 * per Telegram's error table, 400 for getReplies / getDiscussionMessage).
 * The calling session then hears the channel's new posts (ChannelListeners).
 */
export function readableChannel(
  state: TestkitState,
  input: ChannelInput,
  userId: number,
  ctx: CallContext,
  privateCode: 400 | 406 = 406,
): WorldChannel {
  const channel = channelOf(state, input)
  if (!canRead(channel, userId)) throw new RpcError(privateCode, 'CHANNEL_PRIVATE')
  state.channelListeners.listen(channel.id, userId, ctx)
  return channel
}
