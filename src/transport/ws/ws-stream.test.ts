/**
 * The fragment path: ws hands over a fragmented message's frames as they came
 * (binaryType 'fragments') and the stream pushes each one, not a joined copy.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type WebSocket, WebSocketServer } from 'ws'
import { connectTransport } from '../connect.js'
import { openWebSocket, WEBSOCKET_PROTOCOL } from './client.js'
import { answerAfterInit } from './obfuscated-peer.test-helper.js'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** A plain ws server; `onConnection` gets each client's socket. */
async function serve(onConnection: (ws: WebSocket) => void): Promise<number> {
  const server = createServer()
  servers.push(server)
  new WebSocketServer({ server, handleProtocols: () => WEBSOCKET_PROTOCOL }).on('connection', onConnection)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

/** Sends `pieces` as the frames of one message (fin on the last only). */
function sendFragmented(ws: WebSocket, pieces: Buffer[]): void {
  for (const [i, piece] of pieces.entries()) ws.send(piece, { binary: true, fin: i === pieces.length - 1 })
}

describe('WebSocket stream, fragmented messages', () => {
  it('pushes each frame of a message as it came, bytes and order kept', async () => {
    // larger than a socket read: each frame reaches the client in several chunks
    const pieces = [randomBytes(300_000), randomBytes(1), randomBytes(200_000)]
    const port = await serve((ws) => sendFragmented(ws, pieces))
    const stream = await openWebSocket(`ws://127.0.0.1:${port}/apiws`, {})
    const chunks: Buffer[] = []
    let length = 0
    await new Promise<void>((resolve) =>
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        length += chunk.length
        if (length >= 500_001) resolve()
      }),
    )
    stream.destroy()
    expect(chunks.map((c) => c.length)).toEqual(pieces.map((p) => p.length))
    expect(chunks.map((c, i) => c.equals(pieces[i]!))).toEqual([true, true, true])
  })

  it('a message cut into frames anywhere reaches the codec whole, frames in order', async () => {
    const sent = [randomBytes(1024 * 1024), randomBytes(40), randomBytes(70_000), randomBytes(1024 * 1024)]
    const port = await serve((ws) =>
      answerAfterInit(ws, sent, (bytes) => {
        // one message, its frames cut across the MTProto frames' boundaries
        const cuts = [0, 5, 100_000, 1024 * 1024 + 3, 1024 * 1024 + 30, 1_500_000, bytes.length]
        sendFragmented(
          ws,
          cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end)),
        )
      }),
    )
    const conn = await connectTransport({
      host: '127.0.0.1',
      port,
      transport: 'intermediate',
      obfuscated: true,
      dcId: 2,
      socketFactory: () => openWebSocket(`ws://127.0.0.1:${port}/apiws`, {}),
    })
    const got: Buffer[] = []
    for (let i = 0; i < sent.length; i++) {
      const frame = await conn.read()
      if (frame?.kind !== 'packet') throw new Error(`frame ${i}: ${frame?.kind ?? 'end'}`)
      got.push(Buffer.from(frame.data))
    }
    conn.close()
    // booleans: a failing comparison of megabytes would take vitest minutes to print
    expect(got.map((g, i) => g.equals(sent[i]!))).toEqual([true, true, true, true])
  })
})
