import type Long from 'long'
import type { mtp } from '../../tl/index.js'
import { MtprotoError } from '../rpc-error.js'
import type { ClientContext } from './context.js'

/**
 * bad_server_salt: adopt the new salt and resend what it names.
 * bad_msg_notification: 16/17 correct our clock from the server's msg_id and
 * resend; 32/33 (seq_no too low/high) start a fresh session and resend; the
 * rest are bugs on our side and fail the calls they name.
 */
export function handleBadServerSalt(ctx: ClientContext, msg: mtp.RawMt_bad_server_salt): void {
  ctx.state.salt = msg.newServerSalt
  for (const request of ctx.pending.takeNamed(msg.badMsgId)) ctx.resend(request, 'bad_server_salt')
}

export function handleBadMsgNotification(
  ctx: ClientContext,
  msg: mtp.RawMt_bad_msg_notification,
  serverMsgId: Long,
): void {
  const requests = ctx.pending.takeNamed(msg.badMsgId)
  switch (msg.errorCode) {
    case 16:
    case 17:
      ctx.state.msgIds.syncWithServerMsgId(serverMsgId)
      break
    case 32:
    case 33:
      ctx.state.renew()
      break
    case 48:
      break // salt: a bad_server_salt follows with the new one
    default: {
      const error = new MtprotoError(`bad_msg_notification ${msg.errorCode}`, msg.errorCode)
      for (const request of requests) {
        request.cleanup()
        request.reject(error)
      }
      return
    }
  }
  for (const request of requests) ctx.resend(request, `bad_msg_notification ${msg.errorCode}`)
}
