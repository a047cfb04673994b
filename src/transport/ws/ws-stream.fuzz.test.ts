/**
 * The WebSocket adapter in both roles, fuzzed: the obfuscated2 byte stream is cut
 * into binary messages at seeded random places (frames split across messages, several
 * packed in one, empty messages) and must come out as the same frames, in order.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { acceptTransport } from '../accept.js'
import { createCodec, type TransportName } from '../codec.js'
import { connectTransport } from '../connect.js'
import type { FramedConnection } from '../connection.js'
import { fuzzRandom } from '../fuzz.test-helper.js'
import { createObfuscatedInit } from '../obfuscated2.js'
import { openWebSocket, WEBSOCKET_PROTOCOL } from './client.js'
import { answerAfterInit } from './obfuscated-peer.test-helper.js'
import { acceptWebSockets } from './server.js'

const SEED = 0x3eb5_0c4e
const ROUNDS = 6
const servers: Server[] = []
const sockets: Array<{ closeAll(): void }> = []
afterEach(async () => {
  for (const a of sockets.splice(0)) a.closeAll()
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

async function listen(server: Server): Promise<number> {
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

/** `bytes` cut into pieces of 0..3×`typical` bytes. */
function cut(bytes: Buffer, int: (n: number) => number, typical: number): Buffer[] {
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length; ) {
    const n = Math.min(bytes.length - at, int(3 * typical))
    pieces.push(bytes.subarray(at, at + n))
    at += n
  }
  return pieces
}

/** MTProto-sized payloads (no packet is shorter than 24 bytes): mostly small, some up to 64 KiB */
function payloads(r: ReturnType<typeof fuzzRandom>): Buffer[] {
  return Array.from({ length: 1 + r.int(40) }, () => r.bytes(4 * (6 + r.int(r.int(4) === 0 ? 16_384 : 64))))
}

async function readFrames(conn: FramedConnection, n: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for (let i = 0; i < n; i++) {
    const frame = await conn.read()
    if (frame?.kind !== 'packet') throw new Error(`frame ${i}: ${frame?.kind ?? 'end'}`)
    out.push(Buffer.from(frame.data))
  }
  return out
}

/** Strips the 0..15 padding bytes the padded transport adds. */
const unpadded = (name: TransportName, frames: Uint8Array[], sent: Buffer[]) =>
  name === 'padded' ? frames.map((f, i) => f.subarray(0, sent[i]!.length)) : frames

describe('WebSocket adapter, random message boundaries', () => {
  it.each<TransportName>(['intermediate', 'padded'])(
    `server side reads client frames cut anywhere (%s, seed ${SEED})`,
    async (name) => {
      const r = fuzzRandom(SEED)
      const accepted: Array<(s: Duplex) => void> = []
      const server = createServer()
      sockets.push(acceptWebSockets(server, (s) => accepted.shift()?.(s)))
      const port = await listen(server)
      for (let round = 0; round < ROUNDS; round++) {
        const stream = new Promise<Duplex>((resolve) => accepted.push(resolve))
        const ws = new WebSocket(`ws://127.0.0.1:${port}/apiws`, WEBSOCKET_PROTOCOL)
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
        const codec = createCodec(name, 'client')
        const obf = createObfuscatedInit(codec.tag, 2)
        const sent = payloads(r)
        const bytes = Buffer.concat([obf.init, ...sent.map((p) => obf.encrypt.update(codec.encode(p)))])
        for (const piece of cut(bytes, r.int, 1 + r.int(2000))) ws.send(piece)
        const { conn, name: detected } = await acceptTransport(await stream)
        expect(detected).toBe(name)
        expect(unpadded(name, await readFrames(conn, sent.length), sent)).toEqual(sent)
        conn.close()
        ws.terminate()
      }
    },
    60_000,
  )

  it.each<TransportName>(['intermediate', 'padded'])(
    `client side reads server frames cut anywhere (%s, seed ${SEED})`,
    async (name) => {
      const r = fuzzRandom(SEED + 1)
      const server = createServer()
      const wss = new WebSocketServer({ server, handleProtocols: () => WEBSOCKET_PROTOCOL })
      sockets.push({
        closeAll: () => {
          for (const ws of wss.clients) ws.terminate()
        },
      })
      const port = await listen(server)
      for (let round = 0; round < ROUNDS; round++) {
        const sent = payloads(r)
        const typical = 1 + r.int(2000)
        wss.once('connection', (ws) =>
          answerAfterInit(ws, sent, (bytes) => {
            for (const piece of cut(bytes, r.int, typical)) ws.send(piece)
          }),
        )
        const conn = await connectTransport({
          host: '127.0.0.1',
          port,
          transport: name,
          obfuscated: true,
          dcId: 2,
          socketFactory: () => openWebSocket(`ws://127.0.0.1:${port}/apiws`, {}),
        })
        expect(unpadded(name, await readFrames(conn, sent.length), sent)).toEqual(sent)
        conn.close()
      }
    },
    60_000,
  )

  it('refuses clients not offering the binary subprotocol, and other paths', async () => {
    const server = createServer()
    sockets.push(acceptWebSockets(server, () => undefined))
    const port = await listen(server)
    const statusOf = (url: string, protocol?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, protocol)
        ws.once('open', () => resolve(`open ${ws.protocol}`))
        ws.once('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`))
        ws.once('error', (e) => resolve(`error ${e.message}`))
      })
    expect(await statusOf(`ws://127.0.0.1:${port}/apiws`, WEBSOCKET_PROTOCOL)).toBe('open binary')
    await expect(openWebSocket(`ws://127.0.0.1:${port}/other`, {})).rejects.toThrow(/HTTP 404/)
    expect(await statusOf(`ws://127.0.0.1:${port}/apiws`)).toBe('http 400')
    expect(await statusOf(`ws://127.0.0.1:${port}/apiws`, 'chat')).toBe('http 400')
  })
})
