import type { tl } from '@mtcute/tl'
import type { ClientSession } from '../mtproto/index.js'
import type { ChatPeer } from './chat-peer.js'
import { type InviteOptions, openInvite } from './invite.js'
import { explain, ResolveError } from './resolve-error.js'
import { channelOf, rememberUsers } from './resolve-peers.js'

/** A channel or supergroup ready to read. */
export interface ChatRef {
  channel: tl.RawInputChannel
  /** for names and logs: the username, else `c<id>` */
  label: string
  username?: string
}

function labelled(channel: tl.RawInputChannel, username?: string): ChatRef {
  return { channel, label: username ?? `c${channel.channelId}`, username }
}

/**
 * Opens the chat `peer` names: a username is resolved, a t.me/c/<id> needs a
 * channel met before (its access hash), an invite is opened (joined only with
 * `joinInvites`). Telegram's refusals become ResolveErrors.
 */
export async function openChat(
  session: ClientSession,
  peer: ChatPeer,
  opts: InviteOptions = {},
): Promise<ChatRef> {
  const what =
    peer.kind === 'username' ? peer.username : peer.kind === 'channel' ? `c/${peer.channelId}` : peer.link
  try {
    if (peer.kind === 'invite') {
      const channel = await openInvite(session, peer.link, peer.hash, opts)
      return labelled(channel)
    }
    if (peer.kind === 'channel') {
      const accessHash = opts.accessHashOf?.(peer.channelId)
      if (!accessHash)
        throw new ResolveError(
          what,
          'unknown private chat: open it once by its invite link or username first',
        )
      return labelled({ _: 'inputChannel', channelId: peer.channelId, accessHash })
    }
    const resolved = await session.call({ _: 'contacts.resolveUsername', username: peer.username })
    rememberUsers(resolved.users, opts)
    if (resolved.peer._ !== 'peerChannel')
      throw new ResolveError(what, 'the username is not a channel or group')
    const channel = channelOf(resolved.chats, resolved.peer.channelId, opts)
    const chat = resolved.chats.find((c) => c._ === 'channel' && c.id === channel.channelId)
    return labelled(channel, (chat?._ === 'channel' ? chat.username : undefined) ?? peer.username)
  } catch (e) {
    explain(what, e)
  }
}

/** The peer form of a chat, for messages.* calls. */
export function inputPeerOf(chat: ChatRef): tl.RawInputPeerChannel {
  return { _: 'inputPeerChannel', channelId: chat.channel.channelId, accessHash: chat.channel.accessHash }
}
