import type Long from 'long'
import { deserializeTl, type mtp, objectReaders } from '../../tl/index.js'
import { keepFrame } from '../../transport/index.js'
import { decodeContainer, isContainer } from '../container.js'
import type { ClientContext } from './context.js'
import { handleBadMsgNotification, handleBadServerSalt } from './handle-bad-msg.js'
import { ackIfContentRelated, handleRpcResult } from './handle-rpc-result.js'

type ServiceMessage =
  | mtp.RawMt_bad_server_salt
  | mtp.RawMt_bad_msg_notification
  | mtp.RawMt_new_session_created
  | mtp.RawMt_msgs_ack
  | mtp.RawMt_pong
  | mtp.RawMt_future_salts
  | { _: string }

/** Dispatches one decrypted message (or each message of a container) to its handler. */
export function handleMessage(ctx: ClientContext, msgId: Long, seqNo: number, body: Uint8Array): void {
  if (isContainer(body)) {
    // its messages share one frame buffer: no consumer of one may hand it back for reuse
    keepFrame(body)
    for (const inner of decodeContainer(body)) handleMessage(ctx, inner.msgId, inner.seqNo, inner.body)
    return
  }
  ackIfContentRelated(ctx, msgId, seqNo)
  if (handleRpcResult(ctx, body)) return
  const msg = deserializeTl<ServiceMessage>(body, { readers: objectReaders })
  switch (msg._) {
    case 'mt_bad_server_salt':
      handleBadServerSalt(ctx, msg as mtp.RawMt_bad_server_salt)
      break
    case 'mt_bad_msg_notification':
      handleBadMsgNotification(ctx, msg as mtp.RawMt_bad_msg_notification, msgId)
      break
    case 'mt_new_session_created':
      // the server starts our session with this salt; answers to earlier calls may be lost
      ctx.state.salt = (msg as mtp.RawMt_new_session_created).serverSalt
      break
    case 'mt_pong': {
      settle(ctx, (msg as mtp.RawMt_pong).msgId, body)
      break
    }
    case 'mt_future_salts': {
      settle(ctx, (msg as mtp.RawMt_future_salts).reqMsgId, body)
      break
    }
    case 'mt_msgs_ack':
    case 'mt_msg_detailed_info':
    case 'mt_msg_new_detailed_info':
      break
    default:
      ctx.emitUpdate(msg)
  }
}

/** pong and future_salts answer a call by its msg_id without an rpc_result around them. */
function settle(ctx: ClientContext, reqMsgId: Long, body: Uint8Array): void {
  const request = ctx.pending.take(reqMsgId)
  if (!request) return
  request.cleanup()
  request.resolve(body)
}
