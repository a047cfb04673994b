import type { tl } from '@mtcute/tl'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import { peerChannel } from '../convert/channel.js'
import { messageOf, messagesOf } from '../convert/discussion.js'
import { channelPts } from '../convert/message.js'
import { forumTopicsOf } from '../convert/topic.js'
import { readableChannel, requireHuman } from './content-access.js'
import { pageOf } from './content-paging.js'
import { messagesWithPeers } from './content-response.js'

export function registerMessageHandlers(registry: HandlerRegistry, state: TestkitState): void {
  registry.on('channels.getMessages', (req, ctx): tl.messages.TypeMessages => {
    const { channel: input, id } = req as unknown as tl.channels.RawGetMessagesRequest
    const userId = state.requireUser(ctx)
    const channel = readableChannel(state, input, userId, ctx)
    if (id.length === 0) throw new RpcError(400, 'MESSAGE_IDS_EMPTY')
    const found = []
    const empty = new Map<number, tl.RawMessageEmpty>()
    for (const ref of id) {
      // only plain ids are modelled; reply-to / pinned / callback lookups find nothing
      const wanted = ref._ === 'inputMessageID' ? ref.id : 0
      const message = messageOf(state.index, channel, wanted)
      if (message) found.push({ channel, message })
      else
        empty.set(found.length + empty.size, {
          _: 'messageEmpty',
          id: wanted,
          peerId: peerChannel(channel.id),
        })
    }
    const { messages, chats, users } = messagesWithPeers(state, userId, found)
    // keep the request's order: missing ids come back as messageEmpty in place
    const ordered: tl.TypeMessage[] = []
    for (let i = 0, next = 0; i < id.length; i++) ordered.push(empty.get(i) ?? messages[next++]!)
    return {
      _: 'messages.channelMessages',
      pts: channelPts(state, channel),
      count: ordered.length,
      messages: ordered,
      topics: forumTopicsOf(
        channel,
        found.map((f) => f.message),
      ),
      chats,
      users,
    }
  })

  // the world has no private chats: ids asked for outside channels find nothing
  registry.on('messages.getMessages', (req, ctx): tl.messages.TypeMessages => {
    const { id } = req as unknown as tl.messages.RawGetMessagesRequest
    state.requireUser(ctx)
    return {
      _: 'messages.messages',
      messages: id.map((ref) => ({ _: 'messageEmpty', id: ref._ === 'inputMessageID' ? ref.id : 0 })),
      topics: [],
      chats: [],
      users: [],
    }
  })

  registry.on('messages.getHistory', (req, ctx): tl.messages.TypeMessages => {
    const r = req as unknown as tl.messages.RawGetHistoryRequest
    const userId = requireHuman(state, ctx)
    if (r.peer._ !== 'inputPeerChannel') {
      if (r.peer._ === 'inputPeerSelf' || (r.peer._ === 'inputPeerUser' && state.index.user(r.peer.userId)))
        return { _: 'messages.messages', messages: [], topics: [], chats: [], users: [] }
      throw new RpcError(400, 'PEER_ID_INVALID')
    }
    const channel = readableChannel(state, r.peer, userId, ctx)
    const all = messagesOf(state.index, channel)
    const { items, offsetIdOffset } = pageOf(all, r)
    const located = items.map((message) => ({ channel, message }))
    return {
      _: 'messages.channelMessages',
      pts: channelPts(state, channel),
      count: all.length,
      offsetIdOffset,
      ...messagesWithPeers(state, userId, located),
      topics: forumTopicsOf(channel, items),
    }
  })
}
