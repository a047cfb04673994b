// The server role of MTProto: used by the testkit (and reached through
// `tgfetch/testkit`), never by the client entries.
export {
  ServerHandshake,
  type ServerHandshakeOptions,
  type ServerHandshakeReply,
  type ServerHandshakeResult,
} from '../handshake/server-flow.js'
export { AuthKeyStore, keyIdHex, type ServerAuthKey } from './auth-keys.js'
export { type DcListening, DcServer, type DcServerOptions, type TcpMode } from './dc-server.js'
export { type CallContext, HandlerRegistry, type MethodHandler, type Middleware } from './handlers.js'
export { type DcContext, ServerConnection } from './server-connection.js'
