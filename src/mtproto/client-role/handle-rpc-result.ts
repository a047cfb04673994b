import type Long from 'long'
import { deserializeTl, type mtp, objectReaders } from '../../tl/index.js'
import { RpcError } from '../rpc-error.js'
import { decodeRpcResult } from '../rpc-result.js'
import type { ClientContext } from './context.js'
import { ID_RPC_ERROR } from './service-ids.js'

/** rpc_result: settles the waiting call with the result bytes, or an {@link RpcError}. */
export function handleRpcResult(ctx: ClientContext, body: Uint8Array): boolean {
  const decoded = decodeRpcResult(body)
  if (!decoded) return false
  const request = ctx.pending.take(decoded.reqMsgId)
  if (!request) return true // answer to a call we gave up on
  request.cleanup()
  const { result } = decoded
  if (
    result.length >= 4 &&
    new DataView(result.buffer, result.byteOffset, 4).getUint32(0, true) === ID_RPC_ERROR
  ) {
    const err = deserializeTl<mtp.RawMt_rpc_error>(result, { readers: objectReaders })
    request.reject(new RpcError(err.errorCode, err.errorMessage, request.method))
  } else {
    request.resolve(result)
  }
  return true
}

export function ackIfContentRelated(ctx: ClientContext, msgId: Long, seqNo: number): void {
  if (seqNo & 1) ctx.outbox.ack(msgId)
}
