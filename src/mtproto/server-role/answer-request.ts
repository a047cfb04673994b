import type Long from 'long'
import { sleep } from '../../async/index.js'
import {
  ID_BOOL_FALSE,
  ID_BOOL_TRUE,
  isFilePart,
  isServedLayer,
  serializeTl,
  serializeTlVector,
  TlBinaryWriter,
  type TlObject,
  tlIdOf,
} from '../../tl/index.js'
import { RpcError } from '../rpc-error.js'
import { maybeGzip, rpcResultHeader } from '../rpc-result.js'
import { randomLong } from '../session-state.js'
import type { CallContext } from './handlers.js'
import type { ServerConnection } from './server-connection.js'
import type { ServerSession } from './server-session.js'

type Request = TlObject & Record<string, unknown>

/** Results up to this size are gzip_packed when that helps, as Telegram does. */
const GZIP_MAX = 64 * 1024

/**
 * A file part's bytes, compressed already if at all, go out as they are, as
 * Telegram sends them (and no server CPU is spent trying).
 */
function worthGzip(boxed: Uint8Array): boolean {
  return boxed.length <= GZIP_MAX && !isFilePart(boxed)
}

/**
 * Answers one decoded client request: MTProto service calls here, API calls
 * (after unwrapping invokeWithLayer / initConnection) through the registry.
 */
export function answerRequest(
  conn: ServerConnection,
  session: ServerSession,
  msgId: Long,
  request: Request,
  signal: AbortSignal,
): void {
  switch (request._) {
    case 'mt_msgs_ack':
    case 'mt_http_wait':
      return
    case 'mt_ping':
    case 'mt_ping_delay_disconnect': {
      const pong = (): void =>
        session.outbox.push({
          body: serializeTl({ _: 'mt_pong', msgId, pingId: request.pingId } as never),
          contentRelated: true,
        })
      const delay = conn.dc.pongDelayMs ?? 0
      if (delay > 0) void sleep(delay, signal).then(pong, () => {})
      else pong()
      return
    }
    case 'mt_get_future_salts':
      session.outbox.push({ body: futureSalts(session, msgId, request.num as number), contentRelated: true })
      return
    case 'mt_msgs_state_req':
    case 'mt_msg_resend_req':
      session.outbox.push({
        body: stateInfo(session, msgId, request.msgIds as Long[]),
        contentRelated: false,
      })
      return
    case 'mt_rpc_drop_answer':
      reply(session, msgId, serializeTl({ _: 'mt_rpc_answer_unknown' }))
      return
    case 'mt_destroy_session':
      reply(
        session,
        msgId,
        serializeTl({ _: 'mt_destroy_session_none', sessionId: request.sessionId } as never),
      )
      return
  }
  const ctx: CallContext = {
    dcId: conn.dc.dcId,
    authKey: session.authKey,
    sessionId: session.state.sessionId,
    msgId,
    layer: conn.layer,
    apiId: conn.apiId,
    connection: conn,
    signal,
  }
  let query: Request
  try {
    query = unwrap(conn, request, ctx)
  } catch (error) {
    if (!(error instanceof RpcError)) throw error
    replyError(session, msgId, error)
    return
  }
  ctx.layer = conn.layer
  ctx.apiId = conn.apiId
  Promise.resolve()
    .then(() => conn.dc.registry.dispatch(query, ctx))
    .then((result) => {
      const bytes = serializeResult(result, conn.layer)
      reply(session, msgId, worthGzip(bytes) ? maybeGzip(bytes) : bytes)
    })
    .catch((error: unknown) => {
      if (signal.aborted) return
      const rpc = error instanceof RpcError ? error : new RpcError(500, 'INTERNAL_SERVER_ERROR')
      replyError(session, msgId, rpc)
    })
}

/** A request the server could not parse still gets an answer, as Telegram gives one. */
answerRequest.undecodable = (session: ServerSession, msgId: Long): void => {
  replyError(session, msgId, new RpcError(400, 'INPUT_REQUEST_INVALID'))
}

/**
 * Strips invokeWithLayer / initConnection / invokeWithoutUpdates, remembering
 * what they say. A layer we hold no schema for is refused as Telegram refuses
 * it, rather than answered in bytes the client would misread.
 */
function unwrap(conn: ServerConnection, request: Request, ctx: CallContext): Request {
  let query = request
  for (;;) {
    switch (query._) {
      case 'invokeWithLayer':
        if (!isServedLayer(query.layer as number)) throw new RpcError(400, 'CONNECTION_LAYER_INVALID')
        conn.layer = query.layer as number
        break
      case 'initConnection':
        conn.apiId = query.apiId as number
        break
      case 'invokeWithoutUpdates':
        ctx.withoutUpdates = true
        break
      case 'invokeAfterMsg':
      case 'invokeAfterMsgs':
        break
      default:
        return query
    }
    query = query.query as Request
  }
}

/**
 * A handler's result as bytes: already serialized, a Bool, a Vector of
 * objects, or an object — written in the layout of the client's layer.
 */
function serializeResult(result: unknown, layer: number | undefined): Uint8Array {
  if (result instanceof Uint8Array) return result
  if (Array.isArray(result)) return serializeTlVector(result as TlObject[], layer)
  if (typeof result === 'boolean') {
    const bytes = new Uint8Array(4)
    new DataView(bytes.buffer).setUint32(0, result ? ID_BOOL_TRUE : ID_BOOL_FALSE, true)
    return bytes
  }
  return serializeTl(result as TlObject, layer)
}

function reply(session: ServerSession, msgId: Long, result: Uint8Array): void {
  session.outbox.push({ head: rpcResultHeader(msgId), body: result, contentRelated: true })
}

function replyError(session: ServerSession, msgId: Long, error: RpcError): void {
  reply(
    session,
    msgId,
    serializeTl({ _: 'mt_rpc_error', errorCode: error.code, errorMessage: error.text } as never),
  )
}

/**
 * future_salts, written by hand: its salts are a bare vector of future_salt,
 * which `@mtcute/tl-runtime`'s generic vector writer does not serialize.
 */
function futureSalts(session: ServerSession, msgId: Long, num: number): Uint8Array {
  const now = Math.floor(Date.now() / 1000)
  const count = Math.max(1, Math.min(num, 64))
  const w = TlBinaryWriter.manual(4 + 8 + 4 + 4 + count * 16)
  w.uint(tlIdOf('mt_future_salts'))
  w.long(msgId)
  w.int(now)
  w.uint(count)
  for (let i = 0; i < count; i++) {
    w.int(now + i * 3600)
    w.int(now + (i + 1) * 3600)
    w.long(i === 0 ? session.authKey.salt : randomLong())
  }
  return w.result()
}

/** msgs_state_info: 4 (received) for msg_ids this session has seen, 1 (nothing known) otherwise. */
function stateInfo(session: ServerSession, msgId: Long, msgIds: Long[]): Uint8Array {
  const info = Uint8Array.from(msgIds, (id) => (session.hasSeen(id) ? 4 : 1))
  return serializeTl({ _: 'mt_msgs_state_info', reqMsgId: msgId, info } as never)
}
