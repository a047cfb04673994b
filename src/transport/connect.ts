/**
 * Client side: open a socket, send the transport tag (or the obfuscated2 init) and
 * return a FramedConnection.
 */
import { connect as netConnect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createCodec, type TransportName } from './codec.js'
import { FramedConnection } from './connection.js'
import { defaultRandom } from './frame-util.js'
import { createObfuscatedInit } from './obfuscated2.js'

export type SocketFactory = (host: string, port: number, signal?: AbortSignal) => Promise<Duplex>

export interface ConnectOptions {
  host: string
  port: number
  transport: TransportName
  /** Wrap the transport in obfuscated2 (not possible with 'full'). */
  obfuscated?: boolean
  /** DC id put in the obfuscated2 init (negative for media DCs, +10000 for test DCs). */
  dcId: number
  /** MTProxy secret (16 bytes, or 17+ with a 'dd'/'ee' prefix byte); implies obfuscated. */
  secret?: Uint8Array
  /** Aborts connecting (not the established connection). */
  signal?: AbortSignal
  /** Opens the byte stream; proxies plug in here. Default: TCP with TCP_NODELAY ({@link readBufferSocketFactory}). */
  socketFactory?: SocketFactory
  random?: (n: number) => Uint8Array
  maxFrameSize?: number
  readHighWaterMark?: number
}

/** Bytes read from a socket per read call; each socket reuses its own. */
const READ_BUFFER_SIZE = 128 * 1024

/**
 * `net.connect` with `setNoDelay(true)`, abortable: the socket proxies build on,
 * with ordinary 'data' events whose chunks the listener may keep.
 */
export const tcpSocketFactory: SocketFactory = (host, port, signal) => openTcp(host, port, signal, false)

/**
 * The default for a direct connection: as {@link tcpSocketFactory}, but the
 * socket reads into one buffer of its own (`onread`) instead of a new Buffer
 * per read, and each 'data' event is a view of it, valid until the listener
 * returns. FramedConnection copies what it keeps, so a download no longer
 * allocates (and garbage-collects) its gigabytes twice; proxy handshakes,
 * which keep chunks, use the other factory.
 */
export const readBufferSocketFactory: SocketFactory = (host, port, signal) =>
  openTcp(host, port, signal, true)

function openTcp(
  host: string,
  port: number,
  signal: AbortSignal | undefined,
  reuseReads: boolean,
): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const socket: Socket = reuseReads
      ? netConnect({
          host,
          port,
          onread: {
            buffer: Buffer.allocUnsafe(READ_BUFFER_SIZE),
            callback: (n, buffer) => {
              socket.emit('data', buffer.subarray(0, n))
              return true
            },
          },
        })
      : netConnect({ host, port })
    const cleanup = (): void => {
      socket.off('connect', onConnect)
      socket.off('error', onError)
      signal?.removeEventListener('abort', onAbort)
    }
    const onConnect = (): void => {
      cleanup()
      socket.setNoDelay(true)
      resolve(socket)
    }
    const onError = (err: Error): void => {
      cleanup()
      socket.destroy()
      reject(err)
    }
    const onAbort = (): void => {
      cleanup()
      socket.on('error', () => undefined)
      socket.destroy()
      reject(signal?.reason)
    }
    socket.once('connect', onConnect)
    socket.once('error', onError)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export async function connectTransport(opts: ConnectOptions): Promise<FramedConnection> {
  const random = opts.random ?? defaultRandom
  const codec = createCodec(opts.transport, 'client', { maxFrameSize: opts.maxFrameSize, random })
  const obfuscated = opts.obfuscated === true || opts.secret !== undefined
  // Build the init before connecting so bad options fail without touching the network.
  const obf = obfuscated ? createObfuscatedInit(codec.tag, opts.dcId, random, opts.secret) : undefined
  opts.signal?.throwIfAborted()
  const stream = await (opts.socketFactory ?? readBufferSocketFactory)(opts.host, opts.port, opts.signal)
  if (opts.signal?.aborted) {
    stream.destroy()
    throw opts.signal.reason
  }
  return new FramedConnection(stream, {
    codec,
    encrypt: obf?.encrypt,
    decrypt: obf?.decrypt,
    preamble: obf ? obf.init : codec.tag,
    readHighWaterMark: opts.readHighWaterMark,
  })
}
