/**
 * MTProxy fake-TLS client: the ClientHello/ServerHello exchange (fake-tls-hello.ts),
 * then every byte travels inside TLS ApplicationData records (type 0x17). The client's
 * first record is preceded by a ChangeCipherSpec, as Telegram clients send it.
 * The obfuscated2 stream (with the 16-byte secret) runs inside the records.
 */
import { Duplex } from 'node:stream'
import { deadline } from '../../async/index.js'
import { TgfetchError } from '../../errors/index.js'
import type { SocketFactory } from '../connect.js'
import { readPrefix } from '../read-prefix.js'
import { buildClientHello, serverHelloLength, verifyServerHello } from './fake-tls-hello.js'

/** Payload per record, as Telegram's clients (tdlib) write them. */
export const MAX_CLIENT_RECORD = 2878
const MAX_RECORD = 16384 + 256
const CHANGE_CIPHER_SPEC = Buffer.from('140303000101', 'hex')

export class FakeTlsError extends TgfetchError {
  readonly category = 'protocol'
}

/** Wraps writes into 0x17 records and unwraps incoming ones. Used by both roles. */
export class TlsRecordStream extends Duplex {
  private buf: Buffer = Buffer.alloc(0)
  private needsCcs: boolean

  constructor(
    private readonly socket: Duplex,
    opts: { sendChangeCipherSpec: boolean; skipChangeCipherSpec: boolean; initial?: Buffer },
  ) {
    super()
    this.needsCcs = opts.sendChangeCipherSpec
    let skipCcs = opts.skipChangeCipherSpec
    const onData = (chunk: Buffer): void => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk])
      while (this.buf.length >= 5) {
        const type = this.buf[0]
        const len = this.buf.readUInt16BE(3)
        if (this.buf[1] !== 0x03 || this.buf[2] !== 0x03 || len > MAX_RECORD) {
          this.destroy(new FakeTlsError('fake-TLS: malformed record'))
          return
        }
        if (this.buf.length < 5 + len) break
        const payload = this.buf.subarray(5, 5 + len)
        this.buf = this.buf.subarray(5 + len)
        if (type === 0x14 && skipCcs) {
          skipCcs = false
          continue
        }
        if (type !== 0x17) {
          this.destroy(new FakeTlsError(`fake-TLS: unexpected record type ${type}`))
          return
        }
        if (!this.push(payload)) socket.pause()
      }
    }
    socket.on('data', onData)
    let ended = false
    socket.on('end', () => {
      ended = true
      this.push(null)
    })
    // after a clean end, let the reader drain what is buffered
    socket.on('close', () => {
      if (!ended) this.destroy()
    })
    socket.on('error', (err) => this.destroy(err))
    if (opts.initial && opts.initial.length > 0) onData(opts.initial)
  }

  override _read(): void {
    this.socket.resume()
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const parts: Buffer[] = []
    if (this.needsCcs) {
      parts.push(CHANGE_CIPHER_SPEC)
      this.needsCcs = false
    }
    for (let off = 0; off < chunk.length; off += MAX_CLIENT_RECORD) {
      const piece = chunk.subarray(off, off + MAX_CLIENT_RECORD)
      const header = Buffer.from([0x17, 0x03, 0x03, piece.length >> 8, piece.length & 0xff])
      parts.push(header, piece)
    }
    this.socket.write(Buffer.concat(parts), cb)
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.socket.end(cb)
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.socket.destroy()
    cb(err)
  }
}

/**
 * A SocketFactory that connects to the MTProxy (ignoring the requested address is not
 * its job: proxyConnectOptions already sets host/port to the proxy), runs the fake-TLS
 * handshake and returns the record stream.
 */
export function fakeTlsSocketFactory(
  secret: Uint8Array,
  domain: string,
  opts: { baseFactory: SocketFactory; timeoutMs: number; now?: () => number },
): SocketFactory {
  return async (host, port, signal) => {
    const limit = deadline(opts.timeoutMs, signal)
    try {
      const socket = await opts.baseFactory(host, port, limit.signal)
      const nowSeconds = Math.floor((opts.now?.() ?? Date.now()) / 1000)
      const { hello, digest } = buildClientHello(secret, domain, nowSeconds)
      socket.write(hello)
      const { answer, rest } = await readServerHello(socket, limit.signal)
      if (!verifyServerHello(secret, digest, answer)) {
        socket.destroy()
        throw new FakeTlsError(
          'fake-TLS: the proxy answered with a wrong digest (wrong secret or not an MTProxy)',
        )
      }
      return new TlsRecordStream(socket, {
        sendChangeCipherSpec: true,
        skipChangeCipherSpec: false,
        initial: rest,
      })
    } finally {
      limit.dispose()
    }
  }
}

function readServerHello(socket: Duplex, signal: AbortSignal): Promise<{ answer: Buffer; rest: Buffer }> {
  return readPrefix(socket, signal, {
    prefixLength(received) {
      let length: number | undefined
      try {
        length = serverHelloLength(received)
      } catch (e) {
        throw new FakeTlsError((e as Error).message)
      }
      if (length === undefined && received.length > 3 * MAX_RECORD) {
        throw new FakeTlsError('fake-TLS: server hello too long')
      }
      return length
    },
    closed: () => new FakeTlsError('fake-TLS: the proxy closed the connection during the handshake'),
    failed: (err) => err,
  }).then(({ prefix, rest }) => ({ answer: prefix, rest }))
}
