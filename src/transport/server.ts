/** The server side of the transports: what the server role needs to accept connections. */
export { type AcceptedTransport, type AcceptOptions, acceptTransport } from './accept.js'
export { type Detection, detectTransport } from './detect.js'
export { HTTP_API_PATH, HttpApiHub, type HttpApiOptions } from './http/server-hub.js'
export type { HttpServerLink } from './http/server-link.js'
export { acceptWebSockets, type WebSocketAcceptor } from './ws/server.js'
