import type { tl } from '@mtcute/tl'
import type { TestkitState } from '../cluster/state.js'
import { toTlChat } from '../convert/channel.js'
import type { ChannelMessage } from '../convert/discussion.js'
import { mentionsOf, toTlMessage } from '../convert/message.js'
import { toTlUser } from '../convert/user.js'
import type { WorldChannel } from '../world/types.js'

/** A message and the channel it is in. */
export interface Located {
  channel: WorldChannel
  message: ChannelMessage
}

/** Every chat and user a response mentions, each once, as Telegram lists them. */
export function peersOf(
  state: TestkitState,
  userId: number,
  channelIds: Iterable<number>,
  userIds: Iterable<number> = [],
): { chats: tl.TypeChat[]; users: tl.TypeUser[] } {
  const chats: tl.TypeChat[] = []
  for (const id of new Set(channelIds)) {
    const channel = state.index.channel(id)
    if (channel) chats.push(toTlChat(state.index, channel, userId))
  }
  return { chats, users: usersOf(state, userId, userIds) }
}

function usersOf(state: TestkitState, userId: number, ids: Iterable<number>): tl.TypeUser[] {
  const users: tl.TypeUser[] = []
  for (const id of new Set(ids)) {
    const user = state.index.user(id)
    if (user) users.push(toTlUser(user, { self: id === userId }))
  }
  return users
}

/** Messages converted (fresh file references each time) with the chats and users they mention. */
export function messagesWithPeers(
  state: TestkitState,
  userId: number,
  items: Located[],
  extraChannels: number[] = [],
): { messages: tl.TypeMessage[]; chats: tl.TypeChat[]; users: tl.TypeUser[] } {
  const channels = [...extraChannels]
  const users: number[] = []
  const messages = items.map(({ channel, message }) => {
    const m = mentionsOf(channel, message)
    channels.push(...m.channels)
    users.push(...m.users)
    return toTlMessage(state, channel, message)
  })
  return { messages, ...peersOf(state, userId, channels, users) }
}
