/**
 * An open WebSocket (either role) as the byte Duplex the transport stack reads.
 * MTProto gives message boundaries no meaning, so ws's own createWebSocketStream
 * does the work (backpressure, close, errors); only the reading differs: with
 * binaryType 'fragments', ws hands over the frames of a fragmented message as
 * they came instead of joining them into a new buffer, and each is pushed as is.
 */
import type { Duplex } from 'node:stream'
import { createWebSocketStream, type WebSocket } from 'ws'

/** The ws options both roles use. */
export const WEBSOCKET_OPTIONS = {
  // frames are AES-CTR output: compressing them only costs CPU
  perMessageDeflate: false,
  // binary messages only: no text to validate
  skipUTF8Validation: true,
  // a message's event is emitted as soon as it is parsed, not one per tick
  allowSynchronousEvents: true,
  // a 1 MiB file part and its envelopes, with room for a peer's larger messages
  maxPayload: 64 * 1024 * 1024,
} as const

/**
 * The stream sends one message at a time (each waits for the socket to take it): a
 * high-water mark of a few frames lets the next one queue meanwhile instead of the
 * writer stopping for 'drain' after every 1 MiB answer.
 */
const STREAM_OPTIONS = { writableHighWaterMark: 4 * 1024 * 1024 }

/** `ws` (open, or just accepted) as a byte Duplex. */
export function webSocketStream(ws: WebSocket): Duplex {
  const stream = createWebSocketStream(ws, STREAM_OPTIONS)
  ws.binaryType = 'fragments'
  // createWebSocketStream's own listener pushes each message as one chunk, which an array of
  // fragments is not; ours (the only other listener of this socket's messages) replaces it
  ws.removeAllListeners('message')
  ws.on('message', (fragments: Buffer[]) => {
    let more = true
    for (const fragment of fragments) more = stream.push(fragment)
    if (!more) ws.pause()
  })
  return stream
}
