import type { mtp, tl } from '@mtcute/tl'
import type Long from 'long'
import { awakeTimeout } from '../../async/index.js'
import type { RandomSource } from '../../crypto/index.js'
import {
  apiLayer,
  deserializeTl,
  objectReaders,
  readGuarded,
  SafeTlReader,
  serializeTl,
  type TlObject,
} from '../../tl/index.js'
import type { PacketLink } from '../link.js'
import { Outbox } from '../outbox.js'
import { MtprotoError, ResendRequiredError, RpcTimeoutError } from '../rpc-error.js'
import { type AuthKey, SessionState } from '../session-state.js'
import type { ClientContext } from './context.js'
import { handleMessage } from './handle-message.js'
import { type PendingRequest, PendingRequests } from './pending.js'

export interface CallOptions {
  signal?: AbortSignal
  /** send under this msg_id (from `state.msgIds.next()`), alone, not in a container */
  msgId?: Long
  /** ms; default {@link ClientSessionOptions.defaultTimeoutMs} */
  timeoutMs?: number
  /**
   * When the server asks for the call again (bad_server_salt, bad_msg_notification
   * 16/17/32/33), send it again at once (default), or — false — reject with
   * ResendRequiredError for the caller to resend: a caller that paces a method
   * (FLOOD_WAIT) must not have it sent behind its back.
   */
  autoResend?: boolean
}

/** answer at once when there is something (max_delay 0), hold for up to 25 s otherwise */
const HTTP_WAIT = { _: 'mt_http_wait', maxDelay: 0, waitAfter: 0, maxWait: 25_000 } as TlObject

export interface ClientSessionOptions {
  authKey: AuthKey
  salt?: Long
  timeOffset?: number
  defaultTimeoutMs?: number
  /** ms between keepalive pings while the link is up; 0 turns them off */
  pingIntervalMs?: number
  now?: () => number
  random?: RandomSource
  onUpdate?: (update: unknown) => void
  onClose?: (error?: Error) => void
  /**
   * Telegram wants invokeWithLayer(initConnection(…)) around the first call
   * of a connection; with these parameters the session does that itself
   * until a call has gone through.
   */
  initConnection?: InitConnectionParams
}

export interface InitConnectionParams {
  apiId: number
  deviceModel: string
  systemVersion: string
  appVersion: string
  systemLangCode: string
  langCode: string
}

/** The result type of an API method, by its name. */
export type CallResult<M extends tl.RpcMethod> = tl.RpcCallReturn[M['_']]

/**
 * The client role of an encrypted MTProto session over one link: calls go out
 * through the {@link Outbox}, answers come back through the handlers.
 */
export class ClientSession {
  readonly state: SessionState
  private readonly outbox: Outbox
  private readonly pending = new PendingRequests()
  private readonly active = new Set<PendingRequest>()
  private readonly ctx: ClientContext
  private closedWith: Error | undefined
  private closed = false
  private pingTimer: NodeJS.Timeout | undefined
  /** initConnection went through on this connection */
  private initialized = false

  constructor(
    private readonly link: PacketLink,
    private readonly opts: ClientSessionOptions,
  ) {
    this.state = new SessionState(opts.authKey, 'client', {
      salt: opts.salt,
      now: opts.now,
      random: opts.random,
    })
    this.state.msgIds.timeOffset = opts.timeOffset ?? 0
    this.outbox = new Outbox(this.state, (packet) => this.sendPacket(packet), 'client')
    this.ctx = {
      state: this.state,
      pending: this.pending,
      outbox: this.outbox,
      resend: (request, reason) => {
        if (request.autoResend) this.enqueue(request)
        else
          request.reject(
            new ResendRequiredError(`${request.method}: the server asked for it again (${reason})`),
          )
      },
      emitUpdate: (update) => opts.onUpdate?.(update),
      fail: (error) => this.close(error),
    }
    link.start({
      onPacket: (p) => this.onPacket(p),
      onClose: (e) => this.onLinkClosed(e),
      onIdle: () => this.longPoll(),
    })
    const interval = opts.pingIntervalMs ?? 60_000
    if (interval > 0) {
      this.pingTimer = setInterval(() => this.keepalive(), interval)
      this.pingTimer.unref()
    }
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Calls a method; resolves with its typed result or rejects with RpcError, RpcTimeoutError, an AbortError. */
  call<M extends tl.RpcMethod>(method: M, options: CallOptions = {}): Promise<CallResult<M>> {
    const init = this.opts.initConnection
    if (!init || this.initialized) {
      return this.callRaw(method, options).then((bytes) => this.parseResult(method._, bytes) as CallResult<M>)
    }
    const wrapped = {
      _: 'invokeWithLayer',
      layer: apiLayer,
      query: { _: 'initConnection', ...init, langPack: '', query: method },
    } as TlObject
    return this.callRaw(wrapped, options).then((bytes) => {
      this.initialized = true
      return this.parseResult(method._, bytes) as CallResult<M>
    })
  }

  /** MTProto ping; resolves with the server's pong. */
  async ping(pingId: Long, options: CallOptions = {}): Promise<mtp.RawMt_pong> {
    const bytes = await this.callRaw({ _: 'mt_ping', pingId } as TlObject, options)
    return deserializeTl<mtp.RawMt_pong>(bytes, { readers: objectReaders })
  }

  /** Like {@link call}, but resolves with the result's bytes, unparsed (hot paths parse them their own way). */
  callRaw(method: TlObject, options: CallOptions = {}): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(this.closedWith ?? new MtprotoError('session closed'))
    const signal = options.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    const body = serializeTl(method)
    return new Promise<Uint8Array>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.opts.defaultTimeoutMs ?? 30_000
      const onAbort = (): void => finish(() => reject(signal?.reason))
      // an answer this process was too busy to read yet is not a timeout (awake-timeout.ts)
      const timer = awakeTimeout(
        () => finish(() => reject(new RpcTimeoutError(method._, timeoutMs))),
        timeoutMs,
      )
      const request: PendingRequest = {
        method: method._,
        body,
        fixedMsgId: options.msgId,
        autoResend: options.autoResend ?? true,
        resolve: (r) => finish(() => resolve(r)),
        reject: (e) => finish(() => reject(e)),
        cleanup: () => {},
      }
      const finish = (settle: () => void): void => {
        if (!this.active.delete(request)) return
        timer.clear()
        signal?.removeEventListener('abort', onAbort)
        this.pending.remove(request)
        settle()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.active.add(request)
      this.enqueue(request)
    })
  }

  private enqueue(request: PendingRequest): void {
    if (!this.active.has(request)) return
    // a resend gets a fresh msg_id even if the first attempt had a fixed one
    const msgId = request.fixedMsgId
    request.fixedMsgId = undefined
    this.outbox.push({
      body: request.body,
      contentRelated: true,
      msgId,
      onSent: (msgId, containerId) => this.pending.sent(request, msgId, containerId),
    })
  }

  private parseResult(method: string, bytes: Uint8Array): unknown {
    const special = objectReaders._results?.[method]
    if (special) {
      const reader = SafeTlReader.from(objectReaders, bytes)
      return readGuarded(reader, () => special(reader))
    }
    return deserializeTl(bytes, { readers: objectReaders })
  }

  private onPacket(packet: Uint8Array): void {
    if (this.closed) return
    try {
      const envelope = this.state.open(packet)
      if (!envelope.sessionId.equals(this.state.sessionId)) return // a previous session's answer
      if ((envelope.msgId.low & 3) === 0) throw new MtprotoError('server msg_id divisible by 4')
      handleMessage(this.ctx, envelope.msgId, envelope.seqNo, envelope.body)
    } catch (e) {
      this.close(e instanceof Error ? e : new MtprotoError(String(e)))
    }
  }

  private sendPacket(packet: Uint8Array): void {
    this.link.send(packet).catch((e: Error) => this.close(e))
  }

  /** HTTP: a request for the server to hold until it has something for us (not acked, hence not content) */
  private longPoll(): void {
    if (this.closed) return
    this.outbox.push({ body: serializeTl(HTTP_WAIT), contentRelated: false })
  }

  private keepalive(): void {
    if (this.active.size > 0) return
    const pingId = this.state.msgIds.next()
    this.ping(pingId, { timeoutMs: 15_000 }).catch((e: Error) => this.close(e))
  }

  private onLinkClosed(error?: Error): void {
    this.shutdown(error ?? new MtprotoError('connection closed'))
  }

  /** Closes the session and its link; calls in flight reject with `error`. */
  close(error?: Error): void {
    if (this.closed) return
    this.link.close(error)
    this.shutdown(error ?? new MtprotoError('session closed'))
  }

  private shutdown(error: Error): void {
    if (this.closed) return
    this.closed = true
    this.closedWith = error
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.outbox.close()
    for (const request of [...this.active]) request.reject(error)
    this.pending.drain()
    this.opts.onClose?.(error)
  }
}
