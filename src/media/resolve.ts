import type { tl } from '@mtcute/tl'
import type Long from 'long'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import { type ParsedLink, parseLink } from './links.js'
import { type MediaItem, type MediaOrigin, mediaFromMessage } from './media-item.js'

export class ResolveError extends Error {
  override name = 'ResolveError'
  constructor(
    readonly link: string,
    reason: string,
  ) {
    super(`${link}: ${reason}`)
  }
}

/** Telegram's errors for a link, in words a user can act on. */
function explain(link: string, e: unknown): never {
  if (e instanceof RpcError) {
    if (e.is('USERNAME_NOT_OCCUPIED') || e.is('USERNAME_INVALID'))
      throw new ResolveError(link, 'no such username')
    if (e.is('CHANNEL_PRIVATE') || e.is('CHANNEL_INVALID'))
      throw new ResolveError(link, 'the channel is private and this account has not joined it')
    if (e.is('INVITE_HASH_EXPIRED')) throw new ResolveError(link, 'the invite link has expired')
    if (e.is('INVITE_HASH_INVALID')) throw new ResolveError(link, 'the invite link is not valid')
  }
  throw e
}

function channelOf(chats: tl.TypeChat[], id?: number, opts?: ResolveOptions): tl.RawInputChannel {
  const chat = chats.find((c) => c._ === 'channel' && (id === undefined || c.id === id))
  if (chat?._ !== 'channel' || !chat.accessHash) throw new Error('the answer carries no channel')
  const channel: tl.RawInputChannel = { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash }
  opts?.onChannel?.(channel, chat.username)
  return channel
}

export interface ResolveOptions {
  /** the access hash of a channel met before (t.me/c/<id> links carry none) */
  accessHashOf?: (channelId: number) => Long | undefined
  /** told of every channel met on the way, to remember its access hash */
  onChannel?: (channel: tl.RawInputChannel, username?: string) => void
}

async function channelForLink(
  session: ClientSession,
  link: string,
  parsed: ParsedLink,
  opts: ResolveOptions,
): Promise<tl.RawInputChannel> {
  if (parsed.kind === 'invite') {
    const invite = await session.call({ _: 'messages.checkChatInvite', hash: parsed.hash })
    if (invite._ === 'chatInviteAlready' || invite._ === 'chatInvitePeek')
      return channelOf([invite.chat], undefined, opts)
    throw new ResolveError(link, 'this account has not joined the chat behind the invite (join it first)')
  }
  const peer = parsed.peer
  if (peer.type === 'username') {
    const resolved = await session.call({ _: 'contacts.resolveUsername', username: peer.username })
    if (resolved.peer._ !== 'peerChannel')
      throw new ResolveError(link, 'the username is not a channel or group')
    return channelOf(resolved.chats, resolved.peer.channelId, opts)
  }
  // t.me/c/<id> names the channel but not its access hash: only a channel met before can be opened
  const accessHash = opts.accessHashOf?.(peer.channelId)
  if (!accessHash) {
    throw new ResolveError(link, 'unknown private channel: open it once by its invite link or username first')
  }
  return { _: 'inputChannel', channelId: peer.channelId, accessHash }
}

async function fetchMessages(
  session: ClientSession,
  channel: tl.RawInputChannel,
  ids: number[],
): Promise<tl.TypeMessage[]> {
  const answer = await session.call({
    _: 'channels.getMessages',
    channel,
    id: ids.map((id) => ({ _: 'inputMessageID', id })),
  })
  if (answer._ === 'messages.messagesNotModified') return []
  return answer.messages
}

/** A media item again, with a fresh file reference: the message is fetched anew from its origin. */
export async function refreshMedia(session: ClientSession, item: MediaItem): Promise<MediaItem> {
  const [message] = await fetchMessages(session, item.origin.channel, [item.origin.msgId])
  const fresh = message && mediaFromMessage(message, item.origin)
  if (!fresh) throw new ResolveError(`message ${item.origin.msgId}`, 'the message or its media is gone')
  return fresh
}

/**
 * The media a link points at: the message's file, its album siblings unless
 * `?single`, the comment named by `?comment=`. Each item keeps its origin.
 */
export async function resolveLink(
  session: ClientSession,
  link: string,
  opts: ResolveOptions = {},
): Promise<MediaItem[]> {
  const parsed = parseLink(link)
  if (parsed.kind !== 'message') throw new ResolveError(link, 'the link names a chat, not a message')
  try {
    let channel = await channelForLink(session, link, parsed, opts)
    let msgId = parsed.msgId
    if (parsed.commentId !== undefined) {
      const discussion = await session.call({
        _: 'messages.getDiscussionMessage',
        peer: { _: 'inputPeerChannel', channelId: channel.channelId, accessHash: channel.accessHash },
        msgId,
      })
      // the comments live in the discussion group that holds the post's copy
      const copy = discussion.messages[0]
      const groupId =
        copy && copy._ !== 'messageEmpty' && copy.peerId._ === 'peerChannel'
          ? copy.peerId.channelId
          : undefined
      if (groupId === undefined) throw new ResolveError(link, 'the post has no comments')
      channel = channelOf(discussion.chats, groupId, opts)
      msgId = parsed.commentId
    }
    const [message] = await fetchMessages(session, channel, [msgId])
    const origin: MediaOrigin = { channel, msgId }
    const item = message && mediaFromMessage(message, origin)
    if (!item)
      throw new ResolveError(
        link,
        message?._ === 'message' ? 'the message has no media' : 'the message does not exist',
      )
    if (parsed.single || !item.groupedId) return [item]
    // an album is at most 10 messages around this one
    const around = Array.from({ length: 19 }, (_, i) => msgId - 9 + i).filter((id) => id > 0)
    const siblings = await fetchMessages(session, channel, around)
    return siblings
      .map((m) => (m._ === 'message' ? mediaFromMessage(m, { channel, msgId: m.id }) : undefined))
      .filter((m): m is MediaItem => m?.groupedId === item.groupedId)
  } catch (e) {
    explain(link, e)
  }
}
