export {
  type CallOptions,
  type CallResult,
  ClientSession,
  type ClientSessionOptions,
  type InitConnectionParams,
} from './client-role/client-session.js'
export { type OpenedSession, type OpenSessionOptions, openClientSession } from './client-role/open.js'
export { plainRpc } from './client-role/plain-rpc.js'
export * from './container.js'
export * from './envelope.js'
export { framedLink } from './framed-link.js'
export * from './handshake/index.js'
export type { PacketLink } from './link.js'
export { MsgIdGenerator, msgIdSeconds, msgIdTimeError } from './msg-id.js'
export { decodePlainMessage, encodePlainMessage, isPlainPacket } from './plain-message.js'
export { MtprotoError, ResendRequiredError, RpcError, RpcTimeoutError } from './rpc-error.js'
export { decodeRpcResult, maybeGzip, rpcResultHeader } from './rpc-result.js'
export { SeqNoCounter } from './seq-no.js'
export { type AuthKey, randomLong, SessionState, toAuthKey } from './session-state.js'
