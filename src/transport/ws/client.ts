/**
 * MTProto over WebSocket, client side (core.telegram.org/mtproto/transports#websocket):
 * `ws(s)://host:port/apiws`, subprotocol `binary`, the obfuscated2 stream carried in
 * binary messages. Message boundaries carry no meaning, so the socket is exposed as a
 * plain byte Duplex and the usual codec stack runs on top of it.
 */
import type { Duplex } from 'node:stream'

export const WEBSOCKET_PATH = '/apiws'
export const WEBSOCKET_PROTOCOL = 'binary'

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
  // loaded on first use: a run over TCP never needs them
  const { WebSocket } = await import('ws')
  const { WEBSOCKET_OPTIONS, webSocketStream } = await import('./ws-stream.js')
  return new Promise<Duplex>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const ws = new WebSocket(url, WEBSOCKET_PROTOCOL, { ...WEBSOCKET_OPTIONS, ca: opts.ca })
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
      resolve(webSocketStream(ws))
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
