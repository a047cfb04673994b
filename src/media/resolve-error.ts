import { TgfetchError } from '../errors/index.js'
import { RpcError } from '../mtproto/index.js'

export class ResolveError extends TgfetchError {
  readonly category = 'input'
  constructor(
    readonly link: string,
    reason: string,
  ) {
    super(`${link}: ${reason}`)
  }
}

/** A message no longer has the file an item was made from (deleted, or its media replaced). */
export class MediaGoneError extends ResolveError {}

/** Telegram's errors for a link, in words a user can act on; anything else is thrown as it is. */
export function explain(link: string, e: unknown): never {
  if (e instanceof RpcError) {
    if (e.is('USERNAME_NOT_OCCUPIED') || e.is('USERNAME_INVALID'))
      throw new ResolveError(link, 'no such username')
    if (e.is('CHANNEL_PRIVATE') || e.is('CHANNEL_INVALID'))
      throw new ResolveError(link, 'the channel is private and this account has not joined it')
    if (e.is('INVITE_HASH_EXPIRED')) throw new ResolveError(link, 'the invite link has expired')
    if (e.is('INVITE_HASH_INVALID') || e.is('INVITE_HASH_EMPTY'))
      throw new ResolveError(link, 'the invite link is not valid')
    if (e.is('INVITE_REQUEST_SENT'))
      throw new ResolveError(link, "the chat's admins must approve joining: a join request was sent")
    if (e.is('CHANNELS_TOO_MUCH'))
      throw new ResolveError(link, 'this account is in too many channels to join')
  }
  throw e
}
