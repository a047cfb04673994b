import type { tl } from '@mtcute/tl'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import { type InviteOptions, openInvite } from './invite.js'
import { formatLink, type LinkPeer, type ParsedLink, parseLink } from './links.js'
import { type MediaItem, type MediaOrigin, mediaFromMessage } from './media-item.js'
import { explain, MediaGoneError, ResolveError } from './resolve-error.js'
import { channelOf, type PeerMemory, rememberUsers } from './resolve-peers.js'

export { ResolveError } from './resolve-error.js'
export type { KnownPeer, PeerMemory } from './resolve-peers.js'

export type ResolveOptions = InviteOptions

type MessageLink = Extract<ParsedLink, { kind: 'message' }>

/** The channel of a username remembered before; a remembered user is no channel. */
function rememberedChannel(link: string, peer: LinkPeer, opts: PeerMemory): tl.RawInputChannel | undefined {
  if (peer.type !== 'username') return undefined
  const known = opts.peerByUsername?.(peer.username)
  if (!known) return undefined
  if (known.kind !== 'channel') throw new ResolveError(link, 'the username is not a channel or group')
  return { _: 'inputChannel', channelId: known.id, accessHash: known.accessHash }
}

async function channelForPeer(
  session: ClientSession,
  link: string,
  peer: LinkPeer,
  opts: PeerMemory,
): Promise<tl.RawInputChannel> {
  if (peer.type === 'username') {
    const resolved = await session.call({ _: 'contacts.resolveUsername', username: peer.username })
    rememberUsers(resolved.users, opts)
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
  opts: PeerMemory = {},
): Promise<tl.TypeMessage[]> {
  const answer = await session.call({
    _: 'channels.getMessages',
    channel,
    id: ids.map((id) => ({ _: 'inputMessageID', id })),
  })
  if (answer._ === 'messages.messagesNotModified') return []
  rememberUsers(answer.users, opts)
  return answer.messages
}

/** The same document or photo, of the same size (its file reference and the DC an item was given aside). */
function sameFile(a: MediaItem, b: MediaItem): boolean {
  const [x, y] = [a.location, b.location]
  if (x._ !== y._ || a.size !== b.size) return false
  return 'id' in x && 'id' in y ? x.id.eq(y.id) : true
}

/**
 * A media item again, with a fresh file reference: the message is fetched
 * anew from its origin. A message whose media was replaced by another file
 * does not count: its bytes are not the item's.
 */
export async function refreshMedia(session: ClientSession, item: MediaItem): Promise<MediaItem> {
  const [message] = await fetchMessages(session, item.origin.channel, [item.origin.msgId])
  const fresh = message && mediaFromMessage(message, item.origin)
  if (!fresh || !sameFile(fresh, item))
    throw new MediaGoneError(`message ${item.origin.msgId}`, 'the message or its media is gone')
  return fresh
}

/** The media of a message link once its channel is known. */
async function mediaIn(
  session: ClientSession,
  link: string,
  parsed: MessageLink,
  channelOfLink: tl.RawInputChannel,
  opts: PeerMemory,
): Promise<MediaItem[]> {
  let channel = channelOfLink
  let msgId = parsed.msgId
  if (parsed.commentId !== undefined) {
    const discussion = await session.call({
      _: 'messages.getDiscussionMessage',
      peer: { _: 'inputPeerChannel', channelId: channel.channelId, accessHash: channel.accessHash },
      msgId,
    })
    rememberUsers(discussion.users, opts)
    // the comments live in the discussion group that holds the post's copy
    const copy = discussion.messages[0]
    const groupId =
      copy && copy._ !== 'messageEmpty' && copy.peerId._ === 'peerChannel' ? copy.peerId.channelId : undefined
    if (groupId === undefined) throw new ResolveError(link, 'the post has no comments')
    channel = channelOf(discussion.chats, groupId, opts)
    msgId = parsed.commentId
  }
  const [message] = await fetchMessages(session, channel, [msgId], opts)
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
  const siblings = await fetchMessages(session, channel, around, opts)
  return siblings
    .map((m) => (m._ === 'message' ? mediaFromMessage(m, { channel, msgId: m.id }) : undefined))
    .filter((m): m is MediaItem => m?.groupedId === item.groupedId)
}

const refusesAccessHash = (e: unknown): boolean =>
  e instanceof RpcError && (e.is('CHANNEL_INVALID') || e.is('PEER_ID_INVALID'))

/**
 * The media a link points at: the message's file, its album siblings unless
 * `?single`, the comment named by `?comment=`. Each item keeps its origin.
 * An invite link names a chat, not a message: it is opened (joined with
 * `joinInvites`) and remembered, and has no media of its own. A link parsed
 * already is taken as it is (errors name it by its canonical form).
 */
export async function resolveLink(
  session: ClientSession,
  link: string | ParsedLink,
  opts: ResolveOptions = {},
): Promise<MediaItem[]> {
  const parsed = typeof link === 'string' ? parseLink(link) : link
  const text = typeof link === 'string' ? link : formatLink(link)
  try {
    if (parsed.kind === 'invite') {
      await openInvite(session, text, parsed.hash, opts)
      return []
    }
    if (parsed.kind !== 'message') throw new ResolveError(text, 'the link names a chat, not a message')
    const remembered = rememberedChannel(text, parsed.peer, opts)
    if (remembered) {
      try {
        return await mediaIn(session, text, parsed, remembered, opts)
      } catch (e) {
        // a remembered access hash Telegram no longer takes: resolve the username again
        if (!refusesAccessHash(e)) throw e
      }
    }
    return await mediaIn(session, text, parsed, await channelForPeer(session, text, parsed.peer, opts), opts)
  } catch (e) {
    explain(text, e)
  }
}
