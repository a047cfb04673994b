import type { ServerResponse } from 'node:http'
import { ConnectionClosedError } from '../errors.js'
import { errorBody } from './route.js'

type Handlers = { onPacket(packet: Uint8Array): void; onClose(error?: Error): void }

interface Held {
  res: ServerResponse
  timer: NodeJS.Timeout
}

/**
 * HTTP transport, server side: one conversation (a key exchange, or one session
 * of one auth key) as a PacketLink. Each request is held until there is a packet
 * to answer it with, or for `holdMs` (then answered empty); packets with no
 * request to ride on wait for the next one.
 */
export class HttpServerLink {
  /** resolves once the conversation is over */
  readonly closed: Promise<void>
  private resolveClosed!: () => void
  private handlers: Handlers | undefined
  private readonly early: Uint8Array[] = []
  private readonly queue: Buffer[] = []
  private readonly held: Held[] = []
  private idleTimer: NodeJS.Timeout | undefined
  private isClosed = false

  constructor(
    private readonly holdMs: number,
    /** closes the conversation after this long without a request */
    private readonly idleMs: number,
    private readonly onClosed: () => void,
  ) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
    this.armIdle()
  }

  /** A request of this conversation: held first, so an answer made while handling it rides on it. */
  receive(body: Uint8Array, res: ServerResponse): void {
    if (this.isClosed) {
      res.writeHead(404).end(errorBody(-404))
      return
    }
    clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    const queued = this.queue.shift()
    if (queued) answer(res, queued)
    else this.hold(res)
    if (this.handlers) this.handlers.onPacket(body)
    else this.early.push(body)
  }

  send(packet: Uint8Array): Promise<void> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError(undefined))
    const bytes = Buffer.from(packet.buffer, packet.byteOffset, packet.length)
    const held = this.held.shift()
    if (held) this.release(held, bytes)
    else this.queue.push(bytes)
    return Promise.resolve()
  }

  sendTransportError(code: number): Promise<void> {
    const held = this.held.shift()
    if (held) {
      clearTimeout(held.timer)
      held.res.writeHead(code === -404 ? 404 : 400).end(errorBody(code))
    } else this.queue.push(errorBody(code))
    return Promise.resolve()
  }

  start(handlers: Handlers): void {
    this.handlers = handlers
    for (const body of this.early.splice(0)) handlers.onPacket(body)
  }

  close(error?: Error): void {
    if (this.isClosed) return
    this.isClosed = true
    clearTimeout(this.idleTimer)
    for (const held of this.held.splice(0)) this.release(held, Buffer.alloc(0))
    this.queue.length = 0
    this.onClosed()
    this.resolveClosed()
    this.handlers?.onClose(error)
  }

  private hold(res: ServerResponse): void {
    const held: Held = { res, timer: setTimeout(() => this.expire(held), this.holdMs) }
    this.held.push(held)
    // a client that gives up on a request leaves it unanswerable
    res.once('close', () => this.drop(held))
  }

  private expire(held: Held): void {
    if (this.drop(held)) answer(held.res, Buffer.alloc(0))
  }

  private release(held: Held, bytes: Buffer): void {
    clearTimeout(held.timer)
    answer(held.res, bytes)
    if (this.held.length === 0) this.armIdle()
  }

  private drop(held: Held): boolean {
    clearTimeout(held.timer)
    const i = this.held.indexOf(held)
    if (i < 0) return false
    this.held.splice(i, 1)
    if (this.held.length === 0) this.armIdle()
    return true
  }

  private armIdle(): void {
    if (this.isClosed || this.idleTimer) return
    this.idleTimer = setTimeout(() => this.close(), this.idleMs)
    this.idleTimer.unref()
  }
}

function answer(res: ServerResponse, bytes: Buffer): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
  res.end(bytes)
}
