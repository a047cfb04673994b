export type { AesCtr as Cipher } from '../crypto/index.js'
// the server side (accepting connections) is transport/server.ts: a client never loads it
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
export { ConnectionClosedError, FramingError, TransportError } from './errors.js'
export { keepFrame, recycleFrame } from './frame-buffers.js'
export { DEFAULT_MAX_FRAME_SIZE } from './frame-util.js'
export { HttpClientLink, type HttpClientLinkOptions, type HttpLinkHandlers } from './http/client-link.js'
export {
  type AcceptedInit,
  acceptObfuscatedInit,
  createObfuscatedInit,
  normalizeSecret,
  type ObfuscatedInit,
} from './obfuscated2.js'
export { openWebSocket, WEBSOCKET_PATH, WEBSOCKET_PROTOCOL, type WebSocketOptions } from './ws/client.js'
