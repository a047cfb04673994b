/**
 * MTProto over WebSocket, client side (core.telegram.org/mtproto/transports#websocket):
 * `ws(s)://host:port/apiws`, subprotocol `binary`, the obfuscated2 stream carried in
 * binary messages. Message boundaries carry no meaning, so the socket is exposed as a
 * plain byte Duplex and the usual codec stack runs on top of it.
 */
import type { Duplex } from 'node:stream'

export const WEBSOCKET_PATH = '/apiws'
export const WEBSOCKET_PROTOCOL = 'binary'

/**
 * The stream sends one message at a time (each waits for the socket to take it): a
 * high-water mark of a few frames lets the next one queue meanwhile instead of the
 * writer stopping for 'drain' after every 1 MiB answer.
 */
export const STREAM_OPTIONS = { writableHighWaterMark: 4 * 1024 * 1024 }

export interface WebSocketOptions {
  /** Trusted certificates (PEM) instead of the system's: a testkit's self-signed one. */
  ca?: string
}

/** Opens `url` (ws:// or wss://) and resolves with the connection as a byte Duplex. */
export async function openWebSocket(
  url: string,
  opts: WebSocketOptions,
  signal?: AbortSignal,
): Promise<Duplex> {
  // loaded on first use: a run over TCP never needs it
  const { createWebSocketStream, WebSocket } = await import('ws')
  return new Promise<Duplex>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const ws = new WebSocket(url, WEBSOCKET_PROTOCOL, {
      // frames are AES-CTR output: compressing them only costs CPU
      perMessageDeflate: false,
      ca: opts.ca,
      maxPayload: 64 * 1024 * 1024,
    })
    const cleanup = (): void => {
      ws.off('open', onOpen)
      ws.off('error', onError)
      ws.off('unexpected-response', onUnexpected)
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (err: unknown): void => {
      cleanup()
      ws.on('error', () => undefined)
      ws.terminate()
      reject(err)
    }
    const onOpen = (): void => {
      cleanup()
      if (ws.protocol !== WEBSOCKET_PROTOCOL) {
        fail(new Error(`${url}: the server did not accept the "${WEBSOCKET_PROTOCOL}" subprotocol`))
        return
      }
      resolve(createWebSocketStream(ws, STREAM_OPTIONS))
    }
    const onError = (err: Error): void => fail(err)
    const onUnexpected = (_req: unknown, res: { statusCode?: number }): void =>
      fail(new Error(`${url}: HTTP ${res.statusCode ?? '?'} instead of a WebSocket upgrade`))
    const onAbort = (): void => fail(signal?.reason)
    ws.once('open', onOpen)
    ws.once('error', onError)
    ws.once('unexpected-response', onUnexpected)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
