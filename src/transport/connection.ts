/**
 * A framed, optionally obfuscated connection over any Duplex (normally a net.Socket),
 * usable by both roles.
 *
 * Sending: `send`/`sendQuickAck`/`sendError` are serialized in call order. Each frame is
 * encoded and encrypted only when its turn comes and, if `write()` reports a full buffer,
 * the next one waits for 'drain' — so at most one frame sits above the stream's
 * highWaterMark and nothing is queued internally beyond the callers' own pending promises.
 *
 * Receiving: pull-based. `read()` (or `for await (const f of conn)`) yields packets and
 * quick acks in order. Decoded frames are buffered up to `readHighWaterMark` bytes, then
 * the stream is paused until the reader catches up (TCP backpressure to the peer).
 * A transport error frame surfaces as a rejected read with TransportError, garbage as
 * FramingError; either one closes the connection (frames decoded before it are still
 * delivered first). A clean end of stream makes `read()` return null / ends iteration.
 * Breaking out of a `for await` loop does not close the connection.
 */
import type { Duplex } from 'node:stream'
import type { AesCtr as Cipher } from '../crypto/index.js'
import type { Frame, FrameCodec } from './codec.js'
import { ConnectionClosedError, TransportError } from './errors.js'

export type IncomingFrame = Exclude<Frame, { kind: 'error' }>

export interface FramedConnectionOptions {
  codec: FrameCodec
  /** Outgoing obfuscation stream (applied after framing). */
  encrypt?: Cipher
  /** Incoming obfuscation stream (applied before the codec). */
  decrypt?: Cipher
  /** Written verbatim before anything else: the transport tag or the obfuscated2 init. */
  preamble?: Uint8Array
  /** Bytes already received and decrypted (left over from transport detection). */
  initialData?: Uint8Array
  /** Bytes of decoded, unread frames before the stream is paused (default 4 MiB). */
  readHighWaterMark?: number
}

/** Largest piece of a received chunk handed to the codec at once (see ingest). */
const INGEST_SLICE = 64 * 1024

/** Accounting weight of a frame without data, so a flood of quick acks also pauses. */
const EMPTY_FRAME_WEIGHT = 16

type Waiter = { resolve: (frame: IncomingFrame | null) => void; reject: (err: Error) => void }

export class FramedConnection implements AsyncIterable<IncomingFrame> {
  readonly codec: FrameCodec
  /** Resolves once the connection is closed: with the reason, or undefined for a clean close. */
  readonly closed: Promise<Error | undefined>

  private readonly stream: Duplex
  private readonly encrypt: Cipher | undefined
  private readonly decrypt: Cipher | undefined
  private readonly highWaterMark: number
  private readonly frames: IncomingFrame[] = []
  private queuedBytes = 0
  private readonly waiters: Waiter[] = []
  private writeChain: Promise<void> = Promise.resolve()
  private drainWaiter: { resolve: () => void; reject: (err: Error) => void } | undefined
  private isDone = false
  /** Why the connection ended; delivered to readers after the buffered frames. */
  private endReason: Error | undefined
  private resolveClosed!: (reason: Error | undefined) => void

  constructor(stream: Duplex, opts: FramedConnectionOptions) {
    this.stream = stream
    this.codec = opts.codec
    this.encrypt = opts.encrypt
    this.decrypt = opts.decrypt
    this.highWaterMark = opts.readHighWaterMark ?? 4 * 1024 * 1024
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
    stream.on('data', this.onData)
    stream.on('end', this.onEnd)
    stream.on('close', this.onEnd)
    stream.on('error', this.onError)
    stream.on('drain', this.onDrain)
    if (opts.preamble && opts.preamble.length > 0) stream.write(opts.preamble)
    if (opts.initialData && opts.initialData.length > 0) this.ingest(opts.initialData)
  }

  /** True once closed (locally or by the peer); buffered frames may still be readable. */
  get isClosed(): boolean {
    return this.isDone
  }

  /** Sends one MTProto payload as a frame. Resolves when handed to the stream. */
  send(payload: Uint8Array, opts?: { quickAck?: boolean }): Promise<void> {
    return this.enqueue(() => this.codec.encode(payload, opts))
  }

  /** Server side: acknowledges a packet that asked for a quick ack. */
  sendQuickAck(token: number): Promise<void> {
    const codec = this.codec
    if (!codec.encodeQuickAck) return Promise.reject(new RangeError(`${codec.name} has no quick acks`))
    return this.enqueue(() => codec.encodeQuickAck!(token))
  }

  /** Server side: sends a transport error (e.g. -404). Usually followed by close(). */
  sendError(code: number): Promise<void> {
    return this.enqueue(() => this.codec.encodeError(code))
  }

  /** Next frame; null after a clean end. Rejects with TransportError/FramingError/socket errors. */
  read(): Promise<IncomingFrame | null> {
    const frame = this.frames.shift()
    if (frame !== undefined) {
      this.queuedBytes -= weight(frame)
      if (this.queuedBytes < this.highWaterMark && !this.isDone && this.stream.isPaused())
        this.stream.resume()
      return Promise.resolve(frame)
    }
    if (this.isDone) return this.endReason ? Promise.reject(this.endReason) : Promise.resolve(null)
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  [Symbol.asyncIterator](): AsyncIterator<IncomingFrame> {
    return {
      next: async () => {
        const frame = await this.read()
        return frame === null ? { done: true, value: undefined } : { done: false, value: frame }
      },
    }
  }

  /**
   * Closes the connection and destroys the stream. Unread frames are dropped; pending
   * and later reads reject with `err`, or return null when no error is given.
   */
  close(err?: Error): void {
    if (!this.isDone) this.finish(err)
    this.frames.length = 0
    this.queuedBytes = 0
    this.endReason = err ?? this.endReason
  }

  private enqueue(encode: () => Uint8Array): Promise<void> {
    const result = this.writeChain.then(() => this.writeFrame(encode))
    this.writeChain = result.catch(() => undefined)
    return result
  }

  private async writeFrame(encode: () => Uint8Array): Promise<void> {
    if (this.isDone) throw new ConnectionClosedError(this.endReason)
    const bytes = encode()
    // a frame is always a fresh buffer: encrypted where it lies
    if (this.encrypt) this.encrypt.updateInPlace(bytes)
    if (this.stream.write(bytes)) return
    await new Promise<void>((resolve, reject) => {
      this.drainWaiter = { resolve, reject }
    })
  }

  private readonly onDrain = (): void => {
    const waiter = this.drainWaiter
    this.drainWaiter = undefined
    waiter?.resolve()
  }

  private readonly onData = (chunk: Buffer | string): void => {
    if (this.isDone || typeof chunk === 'string') return
    // a chunk is ours until we return (a socket's onread buffer is reused after): decrypted where it lies
    this.decrypt?.updateInPlace(chunk)
    this.ingest(chunk)
  }

  private readonly onEnd = (): void => {
    if (!this.isDone) this.finish(undefined)
  }

  private readonly onError = (err: Error): void => {
    if (!this.isDone) this.finish(err)
  }

  private ingest(bytes: Uint8Array): void {
    try {
      // In slices: the codec reads a large frame's header before its body is queued, and
      // gathers the body straight into a reused frame buffer (ByteQueue.expect) instead of
      // keeping a fresh copy of the whole chunk (a WebSocket message can hold a 1 MiB part).
      for (let at = 0; at < bytes.length; at += INGEST_SLICE) {
        this.codec.push(bytes.subarray(at, at + INGEST_SLICE))
        for (let frame = this.codec.next(); frame !== null; frame = this.codec.next()) {
          if (frame.kind === 'error') throw new TransportError(frame.code)
          this.deliver(frame)
          if (this.isDone) return
        }
      }
    } catch (err) {
      this.finish(err instanceof Error ? err : new Error(String(err)))
      return
    }
    if (this.queuedBytes >= this.highWaterMark && !this.stream.isPaused()) this.stream.pause()
  }

  private deliver(frame: IncomingFrame): void {
    const waiter = this.waiters.shift()
    if (waiter) {
      waiter.resolve(frame)
      return
    }
    this.frames.push(frame)
    this.queuedBytes += weight(frame)
  }

  private finish(reason: Error | undefined): void {
    this.isDone = true
    this.endReason = reason
    this.stream.off('data', this.onData)
    this.stream.off('drain', this.onDrain)
    // Keep a no-op error listener: a destroyed socket may still emit 'error'.
    this.stream.off('error', this.onError)
    this.stream.on('error', noop)
    this.stream.destroy()
    const closedErr = new ConnectionClosedError(reason)
    this.drainWaiter?.reject(closedErr)
    this.drainWaiter = undefined
    for (const waiter of this.waiters.splice(0)) {
      if (reason) waiter.reject(reason)
      else waiter.resolve(null)
    }
    this.resolveClosed(reason)
  }
}

function weight(frame: IncomingFrame): number {
  return frame.kind === 'packet' ? Math.max(frame.data.length, EMPTY_FRAME_WEIGHT) : EMPTY_FRAME_WEIGHT
}

function noop(): void {}
