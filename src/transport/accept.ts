/**
 * Server side: read the first bytes of an accepted socket, detect the transport, set
 * up obfuscation and hand everything after the header to a FramedConnection.
 */
import type { Duplex } from 'node:stream'
import { createCodec, type TransportName } from './codec.js'
import { FramedConnection } from './connection.js'
import { detectTransport } from './detect.js'
import { FramingError } from './errors.js'
import { acceptObfuscatedInit, INIT_LENGTH } from './obfuscated2.js'

export interface AcceptOptions {
  maxFrameSize?: number
  /** MTProxy secret: when set, only obfuscated2 connections using it are accepted. */
  secret?: Uint8Array
  /** Aborts waiting for the header (the socket is destroyed). */
  signal?: AbortSignal
  random?: (n: number) => Uint8Array
  readHighWaterMark?: number
}

export interface AcceptedTransport {
  conn: FramedConnection
  name: TransportName
  obfuscated: boolean
  /** DC id from the obfuscated2 init (may be garbage from clients that don't set it). */
  dcId?: number
}

type Setup = Omit<AcceptedTransport, 'conn'> & { build: () => FramedConnection }

export function acceptTransport(socket: Duplex, opts: AcceptOptions = {}): Promise<AcceptedTransport> {
  const codecOpts = { maxFrameSize: opts.maxFrameSize, random: opts.random }
  const hwm = opts.readHighWaterMark

  // Returns undefined while more header bytes are needed; throws FramingError on garbage.
  const decide = (head: Buffer): Setup | undefined => {
    const detection = detectTransport(head.subarray(0, INIT_LENGTH))
    if (detection.kind === 'need-more') return undefined
    if (detection.kind === 'plain') {
      if (opts.secret) throw new FramingError('plain transports are refused when a secret is configured')
      const codec = createCodec(detection.name, 'server', codecOpts)
      const rest = head.subarray(detection.headerLength)
      const build = (): FramedConnection =>
        new FramedConnection(socket, { codec, initialData: rest, readHighWaterMark: hwm })
      return { name: detection.name, obfuscated: false, build }
    }
    if (head.length < INIT_LENGTH) return undefined
    const init = acceptObfuscatedInit(head.subarray(0, INIT_LENGTH), opts.secret)
    const codec = createCodec(init.name, 'server', codecOpts)
    const rest = init.decrypt.update(head.subarray(INIT_LENGTH))
    const build = (): FramedConnection =>
      new FramedConnection(socket, {
        codec,
        encrypt: init.encrypt,
        decrypt: init.decrypt,
        initialData: rest,
        readHighWaterMark: hwm,
      })
    return { name: init.name, obfuscated: true, dcId: init.dcId, build }
  }

  return new Promise<AcceptedTransport>((resolve, reject) => {
    let head: Buffer = Buffer.alloc(0)
    const cleanup = (): void => {
      socket.off('data', onData)
      socket.off('end', onEnd)
      socket.off('close', onEnd)
      socket.off('error', onError)
      opts.signal?.removeEventListener('abort', onAbort)
    }
    const fail = (err: unknown): void => {
      cleanup()
      socket.on('error', () => undefined)
      socket.destroy()
      reject(err)
    }
    const onData = (chunk: Buffer | string): void => {
      if (typeof chunk === 'string') {
        fail(new FramingError('string data on a binary stream'))
        return
      }
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk])
      let setup: Setup | undefined
      try {
        setup = decide(head)
      } catch (err) {
        fail(err)
        return
      }
      if (!setup) return
      cleanup()
      // Built synchronously inside the 'data' handler, so no byte can slip past: why this is not
      // readPrefix (read-prefix.ts), which hands the rest over after the promise settles.
      const { build, ...info } = setup
      resolve({ conn: build(), ...info })
    }
    const onEnd = (): void => fail(new FramingError('connection closed before the transport header'))
    const onError = (err: Error): void => fail(err)
    const onAbort = (): void => fail(opts.signal?.reason)
    if (opts.signal?.aborted) {
      onAbort()
      return
    }
    socket.on('data', onData)
    socket.once('end', onEnd)
    socket.once('close', onEnd)
    socket.on('error', onError)
    opts.signal?.addEventListener('abort', onAbort, { once: true })
  })
}
