// The main entry: the engine, the client it stands on, and links to media.
// Lower layers have their own entries: tgfetch/mtproto, /transport, /crypto, /tl.
export * from './client/index.js'
export * from './download/index.js'
export { type ErrorCategory, TgfetchError } from './errors/index.js'
export * from './media/index.js'
export { RpcError, RpcTimeoutError } from './mtproto/index.js'
