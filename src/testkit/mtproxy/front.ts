/**
 * A fake MTProxy for tests: accepts obfuscated2 connections made with a secret (plain,
 * dd, or ee fake-TLS), reads the DC id from the init and relays to that testkit DC
 * over a plain (unobfuscated) transport. Bytes are relayed as they come; frames are
 * not parsed, as a real MTProxy would not either.
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { TlsRecordStream } from '../../transport/fake-tls/fake-tls.js'
import {
  buildServerHello,
  clientHelloLength,
  verifyClientHello,
} from '../../transport/fake-tls/fake-tls-hello.js'
import { acceptObfuscatedInit, INIT_LENGTH } from '../../transport/obfuscated2.js'

export interface MtproxyFrontOptions {
  /** 16 bytes, 'dd' + 16, or 'ee' + 16 + domain (the same bytes a client link carries). */
  secret: Uint8Array
  /** Where DC `id` listens (id is the absolute DC id with the test-mode 10000 removed). */
  resolveDc: (dcId: number) => { host: string; port: number }
  host?: string
}

export interface MtproxyFront {
  host: string
  port: number
  /** Connections relayed to a DC, and why refused ones were refused. */
  stats: { relayed: number; dcIds: number[]; refused: string[] }
  close(): Promise<void>
}

const PLAIN_TAGS: Record<string, Uint8Array> = {
  abridged: new Uint8Array([0xef]),
  intermediate: new Uint8Array([0xee, 0xee, 0xee, 0xee]),
  padded: new Uint8Array([0xdd, 0xdd, 0xdd, 0xdd]),
}

export async function startMtproxyFront(opts: MtproxyFrontOptions): Promise<MtproxyFront> {
  const prefix = opts.secret.length > 16 ? opts.secret[0] : undefined
  const fakeTls = prefix === 0xee
  const domain = fakeTls ? Buffer.from(opts.secret.subarray(17)).toString('latin1') : undefined
  const stats: MtproxyFront['stats'] = { relayed: 0, dcIds: [], refused: [] }
  const sockets = new Set<Socket>()

  const refuse = (socket: Duplex, reason: string): void => {
    stats.refused.push(reason)
    socket.destroy()
  }

  const obfuscated = (client: Duplex, head: Buffer): void => {
    let init: ReturnType<typeof acceptObfuscatedInit>
    try {
      init = acceptObfuscatedInit(head.subarray(0, INIT_LENGTH), opts.secret)
    } catch (e) {
      refuse(client, (e as Error).message)
      return
    }
    // dd and ee secrets are for padded intermediate only, as in the real MTProxy
    if (prefix !== undefined && init.name !== 'padded') {
      refuse(client, `${init.name} transport with a ${prefix.toString(16)} secret`)
      return
    }
    const dcId = Math.abs(init.dcId) % 10000
    const { host, port } = opts.resolveDc(dcId)
    const upstream = netConnect({ host, port })
    sockets.add(upstream)
    upstream.setNoDelay(true)
    upstream.on('close', () => sockets.delete(upstream))
    stats.relayed++
    stats.dcIds.push(init.dcId)
    upstream.write(PLAIN_TAGS[init.name]!)
    const rest = head.subarray(INIT_LENGTH)
    if (rest.length > 0) upstream.write(init.decrypt.update(rest))
    client.on('data', (chunk: Buffer) => upstream.write(init.decrypt.update(chunk)))
    upstream.on('data', (chunk: Buffer) => client.write(init.encrypt.update(chunk)))
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.resume()
  }

  // Collects `need(buf)` bytes (undefined = not yet), then hands them over with the stream paused.
  const collect = (
    stream: Duplex,
    need: (buf: Buffer) => number | undefined,
    then: (head: Buffer, rest: Buffer) => void,
  ): void => {
    let buf = Buffer.alloc(0)
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk])
      let len: number | undefined
      try {
        len = need(buf)
      } catch (e) {
        stream.off('data', onData)
        refuse(stream, (e as Error).message)
        return
      }
      if (len === undefined) return
      stream.off('data', onData)
      stream.pause()
      then(buf.subarray(0, len), buf.subarray(len))
    }
    stream.on('data', onData)
    stream.on('error', () => undefined)
  }

  const initOf = (client: Duplex): void =>
    collect(
      client,
      (b) => (b.length >= INIT_LENGTH ? INIT_LENGTH : undefined),
      (head, rest) => obfuscated(client, Buffer.concat([head, rest])),
    )

  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.setNoDelay(true)
    if (!fakeTls) {
      initOf(socket)
      return
    }
    collect(socket, clientHelloLength, (hello, rest) => {
      const check = verifyClientHello(opts.secret, hello, { domain })
      if (!check.ok) {
        refuse(socket, `fake-TLS: ${check.reason}`)
        return
      }
      socket.write(buildServerHello(opts.secret, check.digest, check.sessionId))
      const records = new TlsRecordStream(socket, {
        sendChangeCipherSpec: false,
        skipChangeCipherSpec: true,
        initial: rest,
      })
      initOf(records)
      socket.resume()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, opts.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('MTProxy front: no TCP address')
  return {
    host: address.address,
    port: address.port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
