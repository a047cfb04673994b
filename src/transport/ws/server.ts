/**
 * MTProto over WebSocket, server side: upgrades `/apiws` requests with the `binary`
 * subprotocol on an HTTP(S) server and hands each connection on as a byte Duplex,
 * for the same accept path as TCP (acceptTransport).
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { WEBSOCKET_PATH, WEBSOCKET_PROTOCOL } from './client.js'
import { WEBSOCKET_OPTIONS, webSocketStream } from './ws-stream.js'

export interface WebSocketAcceptor {
  /** Terminates every open WebSocket. */
  closeAll(): void
}

/** Serves WebSocket upgrades on `server`; other paths, and clients not offering `binary`, are refused. */
export function acceptWebSockets(
  server: Server,
  onStream: (stream: Duplex, request: IncomingMessage) => void,
  opts: { maxPayload?: number; path?: string } = {},
): WebSocketAcceptor {
  const path = opts.path ?? WEBSOCKET_PATH
  const wss = new WebSocketServer({
    ...WEBSOCKET_OPTIONS,
    noServer: true,
    maxPayload: opts.maxPayload ?? WEBSOCKET_OPTIONS.maxPayload,
    handleProtocols: () => WEBSOCKET_PROTOCOL,
  })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
    if (!offered.includes(WEBSOCKET_PROTOCOL)) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => onStream(webSocketStream(ws), request))
  })
  return {
    closeAll() {
      for (const ws of wss.clients) ws.terminate()
    },
  }
}
