export type { AesCtr as Cipher } from '../crypto/index.js'
export { type AcceptedTransport, type AcceptOptions, acceptTransport } from './accept.js'
export {
  type CodecOptions,
  createCodec,
  type Frame,
  type FrameCodec,
  TRANSPORT_NAMES,
  type TransportName,
} from './codec.js'
export { type ConnectOptions, connectTransport, type SocketFactory, tcpSocketFactory } from './connect.js'
export { FramedConnection, type FramedConnectionOptions, type IncomingFrame } from './connection.js'
export { type Detection, detectTransport } from './detect.js'
export { ConnectionClosedError, FramingError, TransportError } from './errors.js'
export { keepFrame, recycleFrame } from './frame-buffers.js'
export { DEFAULT_MAX_FRAME_SIZE } from './frame-util.js'
export { HttpClientLink, type HttpClientLinkOptions, type HttpLinkHandlers } from './http/client-link.js'
export { HTTP_API_PATH, HttpApiHub, type HttpApiOptions } from './http/server-hub.js'
export type { HttpServerLink } from './http/server-link.js'
export {
  type AcceptedInit,
  acceptObfuscatedInit,
  createObfuscatedInit,
  normalizeSecret,
  type ObfuscatedInit,
} from './obfuscated2.js'
export { openWebSocket, WEBSOCKET_PATH, WEBSOCKET_PROTOCOL, type WebSocketOptions } from './ws/client.js'
export { acceptWebSockets, type WebSocketAcceptor } from './ws/server.js'
