import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createCodec, TRANSPORT_NAMES, type TransportName } from './codec.js'
import { connectTransport, tcpSocketFactory } from './connect.js'
import { FramedConnection, type IncomingFrame } from './connection.js'
import { ConnectionClosedError, TransportError } from './errors.js'
import { recycleFrame, takeFrameBuffer } from './frame-buffers.js'
import { tcpHarness } from './tcp.test-helper.js'

const { listen, dial } = tcpHarness()

async function readPacket(conn: FramedConnection): Promise<Uint8Array> {
  const frame = await conn.read()
  if (frame?.kind !== 'packet') throw new Error(`expected packet, got ${JSON.stringify(frame)}`)
  return frame.data
}

function samePayload(name: TransportName, got: Uint8Array, sent: Uint8Array): boolean {
  const extra = got.length - sent.length
  const maxExtra = name === 'padded' ? 15 : 0
  return extra >= 0 && extra <= maxExtra && Buffer.from(got.subarray(0, sent.length)).equals(sent)
}

const MATRIX = TRANSPORT_NAMES.flatMap((name) => [
  { name, obfuscated: false },
  { name, obfuscated: true },
]).filter((c) => !(c.name === 'full' && c.obfuscated))

describe.each(MATRIX)('TCP $name obfuscated=$obfuscated', ({ name, obfuscated }) => {
  it('exchanges small and 1 MiB payloads both ways', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, { transport: name, obfuscated, dcId: -3 })
    const sent = [randomBytes(8), randomBytes(1024 * 1024), randomBytes(4 * 333)]
    await Promise.all(sent.map((p) => client.send(p)))
    const server = await accepted()
    expect(server.name).toBe(name)
    expect(server.obfuscated).toBe(obfuscated)
    if (obfuscated) expect(server.dcId).toBe(-3)
    for (const p of sent) expect(samePayload(name, await readPacket(server.conn), p)).toBe(true)

    const back = [randomBytes(1024 * 1024), randomBytes(64)]
    for (const p of back) await server.conn.send(p)
    for (const p of back) expect(samePayload(name, await readPacket(client), p)).toBe(true)
  })

  it('surfaces a transport error frame as TransportError and closes', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, { transport: name, obfuscated })
    await client.send(randomBytes(32))
    const server = await accepted()
    await readPacket(server.conn)
    await server.conn.send(randomBytes(40))
    await server.conn.sendError(-404)
    expect((await readPacket(client)).length).toBeGreaterThanOrEqual(40) // frames before the error first
    const err = await client.read().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TransportError)
    expect((err as TransportError).code).toBe(-404)
    expect(await client.closed).toBe(err)
    await expect(client.send(randomBytes(8))).rejects.toBeInstanceOf(ConnectionClosedError)
  })
})

describe.each(MATRIX.filter((c) => c.name !== 'full'))(
  'TCP quick ack $name obfuscated=$obfuscated',
  ({ name, obfuscated }) => {
    it('carries quick acks', async () => {
      const { port, accepted } = await listen()
      const client = await dial(port, { transport: name, obfuscated })
      await client.send(randomBytes(64), { quickAck: true })
      const server = await accepted()
      const frame = await server.conn.read()
      expect(frame?.kind === 'packet' && frame.quickAck).toBe(true)
      await server.conn.sendQuickAck(0x8abcdef0)
      expect(await client.read()).toEqual({ kind: 'quickAck', token: 0x8abcdef0 })
    })
  },
)

describe('FramedConnection', () => {
  it('refuses obfuscated Full before connecting', async () => {
    await expect(
      connectTransport({ host: '127.0.0.1', port: 1, transport: 'full', obfuscated: true, dcId: 2 }),
    ).rejects.toThrow(RangeError)
  })

  it('serializes concurrent sends in call order', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, { transport: 'intermediate', obfuscated: true })
    const payloads = Array.from({ length: 200 }, (_, i) => randomBytes(4 * (1 + ((i * 7919) % 5000))))
    const sends = payloads.map((p) => client.send(p))
    const server = await accepted()
    for (const p of payloads) expect(Buffer.from(await readPacket(server.conn)).equals(p)).toBe(true)
    await Promise.all(sends)
  })

  it('bounds pending bytes when the reader is slow (backpressure)', async () => {
    const { port, accepted } = await listen({ readHighWaterMark: 1024 * 1024 })
    let socket: Socket | undefined
    const client = await dial(port, {
      transport: 'abridged',
      socketFactory: async (host, p, signal) => {
        const s = (await tcpSocketFactory(host, p, signal)) as Socket
        socket = s
        return s
      },
    })
    const frameSize = 1024 * 1024
    const count = 48
    let done = 0
    let maxPending = 0
    const payload = randomBytes(frameSize)
    const sample = (): void => {
      maxPending = Math.max(maxPending, socket!.writableLength)
    }
    const sampler = setInterval(sample, 1)
    const sending = (async () => {
      for (let i = 0; i < count; i++) {
        await client.send(payload)
        sample()
        done++
      }
    })()
    const server = await accepted()
    await new Promise((r) => setTimeout(r, 300))
    // Nobody reads on the server: the sender must be blocked, not buffering everything.
    expect(done).toBeLessThan(count)
    expect(socket!.writableLength).toBeLessThanOrEqual(socket!.writableHighWaterMark + frameSize + 8)
    for (let i = 0; i < count; i++) expect((await readPacket(server.conn)).length).toBe(frameSize)
    await sending
    clearInterval(sampler)
    expect(done).toBe(count)
    expect(maxPending).toBeGreaterThan(0)
    expect(maxPending).toBeLessThanOrEqual(socket!.writableHighWaterMark + frameSize + 8)
  })

  it('a client reading into its socket’s one reused buffer pauses a fast server and loses or mixes no byte', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, {
      transport: 'intermediate',
      obfuscated: true,
      readHighWaterMark: 1024 * 1024,
    })
    await client.send(randomBytes(16))
    const server = await accepted()
    await readPacket(server.conn)
    const frames = Array.from({ length: 40 }, (_, i) => randomBytes(i % 3 === 0 ? 1000 + i : 1024 * 1024))
    let sent = 0
    const sending = (async () => {
      for (const f of frames) {
        await server.conn.send(f)
        sent++
      }
    })()
    await new Promise((r) => setTimeout(r, 300))
    // nobody reads on the client: it stopped reading the socket, so the server is held up
    expect(sent).toBeLessThan(frames.length)
    for (const f of frames) expect(Buffer.from(await readPacket(client)).equals(f)).toBe(true)
    await sending
  })

  it('closes cleanly: reads end with null, sends reject, the peer sees the end', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, { transport: 'full' })
    await client.send(randomBytes(16))
    const server = await accepted()
    await readPacket(server.conn)
    const pending = client.read()
    client.close()
    expect(await pending).toBeNull()
    expect(await client.closed).toBeUndefined()
    await expect(client.send(randomBytes(8))).rejects.toBeInstanceOf(ConnectionClosedError)
    expect(await server.conn.read()).toBeNull()
    expect(server.conn.isClosed).toBe(true)
  })

  it('supports async iteration until the peer closes', async () => {
    const { port, accepted } = await listen()
    const client = await dial(port, { transport: 'abridged', obfuscated: true })
    await client.send(randomBytes(8))
    const server = await accepted()
    const got: IncomingFrame[] = []
    const reading = (async () => {
      for await (const f of server.conn) got.push(f)
    })()
    for (let i = 0; i < 10; i++) await client.send(randomBytes(8 * (i + 1)))
    await new Promise((r) => setTimeout(r, 50))
    client.close()
    await reading
    expect(got).toHaveLength(11)
  })

  it('aborts a connect in progress and honours an already aborted signal', async () => {
    const { port } = await listen()
    const ac = new AbortController()
    const p = connectTransport({ host: '127.0.0.1', port, transport: 'abridged', dcId: 2, signal: ac.signal })
    ac.abort(new Error('stop'))
    await expect(p).rejects.toThrow('stop')
    await expect(
      connectTransport({
        host: '127.0.0.1',
        port,
        transport: 'abridged',
        dcId: 2,
        signal: AbortSignal.abort(),
      }),
    ).rejects.toBeDefined()
  })
})

describe('a chunk holding whole large frames (a WebSocket message)', () => {
  it('gathers each large frame into a reusable frame buffer, bytes and order kept', async () => {
    const stream = new Duplex({ read() {}, write: (_c, _e, cb) => cb() })
    const conn = new FramedConnection(stream, { codec: createCodec('intermediate', 'client') })
    const server = createCodec('intermediate', 'server')
    const sent = [randomBytes(1024 * 1024), randomBytes(100), randomBytes(300_000)]
    stream.push(Buffer.concat(sent.map((p) => server.encode(p))))
    const got = [await conn.read(), await conn.read(), await conn.read()].map((f) =>
      f?.kind === 'packet' ? f.data : undefined,
    )
    // (booleans: a failing comparison of megabytes would take vitest minutes to print)
    expect(got.map((d, i) => Buffer.from(d!).equals(sent[i]!))).toEqual([true, true, true])
    // the large ones sit in pooled buffers: handed back, each carries the next frame
    for (const data of [got[0]!, got[2]!]) {
      recycleFrame(data)
      expect(takeFrameBuffer(data.length).buffer === data.buffer).toBe(true)
    }
    conn.close()
  })
})
