import type { tl } from '@mtcute/tl'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import { ResolveError } from './resolve-error.js'
import { channelOf, type PeerMemory, rememberUsers } from './resolve-peers.js'

export interface InviteOptions extends PeerMemory {
  /** join the chat (messages.importChatInvite) when this account is not in it */
  joinInvites?: boolean
}

/**
 * The channel behind an invite link, remembered through `onChannel` so its
 * t.me/c/<id>/… links work afterwards. A chat this account is not in is
 * joined only with `joinInvites`; without it the error says how.
 */
export async function openInvite(
  session: ClientSession,
  link: string,
  hash: string,
  opts: InviteOptions,
): Promise<tl.RawInputChannel> {
  const invite = await session.call({ _: 'messages.checkChatInvite', hash })
  if (invite._ !== 'chatInvite') return channelOf([invite.chat], undefined, opts)
  if (!opts.joinInvites)
    throw new ResolveError(
      link,
      `this account is not in "${invite.title}": pass --join (joinInvites) to join it through this invite`,
    )
  let joined: tl.TypeUpdates
  try {
    joined = await session.call({ _: 'messages.importChatInvite', hash })
  } catch (e) {
    // joined in the meantime (another run): the invite now shows the chat
    if (!(e instanceof RpcError && e.is('USER_ALREADY_PARTICIPANT'))) throw e
    const again = await session.call({ _: 'messages.checkChatInvite', hash })
    if (again._ === 'chatInvite') throw e
    return channelOf([again.chat], undefined, opts)
  }
  if (joined._ !== 'updates' && joined._ !== 'updatesCombined')
    throw new Error(`messages.importChatInvite answered ${joined._}, without the chat`)
  rememberUsers(joined.users, opts)
  return channelOf(joined.chats, undefined, opts)
}
