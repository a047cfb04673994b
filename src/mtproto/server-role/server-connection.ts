import type Long from 'long'
import { decryptMessage, type RandomSource, type RsaPrivateKey } from '../../crypto/index.js'
import { deserializeTl, serializeTl, serverReaders, type TlObject } from '../../tl/index.js'
import { decodeContainer, isContainer } from '../container.js'
import { decodeEnvelope, type Envelope, withoutTransportPadding } from '../envelope.js'
import { ServerHandshake } from '../handshake/server-flow.js'
import type { PacketLink } from '../link.js'
import { MsgIdGenerator, msgIdTimeError } from '../msg-id.js'
import { decodePlainMessage, encodePlainMessage, isPlainPacket } from '../plain-message.js'
import { MtprotoError } from '../rpc-error.js'
import { toAuthKey } from '../session-state.js'
import { answerRequest } from './answer-request.js'
import type { AuthKeyStore, ServerAuthKey } from './auth-keys.js'
import type { HandlerRegistry } from './handlers.js'
import { ServerSession } from './server-session.js'

/** Everything a DC shares between its connections. */
export interface DcContext {
  dcId: number
  keys: AuthKeyStore
  rsaKeys: RsaPrivateKey[]
  registry: HandlerRegistry
  /** the DC's clock in ms (skewed by fault injection) */
  now: () => number
  random?: RandomSource
  /** sees every decrypted client message before it is handled (accounting, faults) */
  onMessage?: (info: {
    authKey: ServerAuthKey
    msgId: Long
    body: Uint8Array
    connection: ServerConnection
  }) => void
  /**
   * The first encrypted message of a connection names its auth key; answer
   * false to close the connection (Telegram's cap on connections per key).
   */
  onConnectionKey?: (connection: ServerConnection, key: ServerAuthKey) => boolean
  onConnectionClose?: (connection: ServerConnection) => void
  /** every packet sent to the client, for byte accounting */
  onPacketSent?: (connection: ServerConnection, bytes: number) => void
  /**
   * ms before a pong goes out: the link's round trip under a network model,
   * which delays API calls in its middleware (pings bypass it)
   */
  pongDelayMs?: number
}

let nextConnectionId = 1

/**
 * The server role of one connection: the key exchange on plain messages,
 * then encrypted sessions checked the way Telegram checks them (auth key,
 * msg_key, msg_id parity and time window, seq_no parity, salt).
 */
export class ServerConnection {
  private handshake: ServerHandshake | undefined
  private readonly plainIds: MsgIdGenerator
  private readonly sessions = new Map<string, ServerSession>()
  private readonly abort = new AbortController()
  layer?: number
  apiId?: number
  readonly id = nextConnectionId++
  /** the auth key of the first encrypted message, once one arrived */
  authKey?: ServerAuthKey
  private closed = false

  constructor(
    private readonly link: PacketLink,
    readonly dc: DcContext,
  ) {
    this.plainIds = new MsgIdGenerator(dc.now)
    link.start({ onPacket: (p) => this.onPacket(p), onClose: () => this.close() })
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Pushes an update to one session of this connection (in its layer); false if it is gone. */
  notify(sessionId: Long, update: { _: string }): boolean {
    const session = this.sessions.get(sessionId.toString())
    if (this.closed || !session) return false
    session.notify(update, this.layer)
    return true
  }

  close(error?: Error): void {
    if (this.closed) return
    this.closed = true
    this.abort.abort()
    for (const session of this.sessions.values()) session.outbox.close()
    this.link.close(error)
    this.dc.onConnectionClose?.(this)
  }

  private onPacket(packet: Uint8Array): void {
    try {
      if (isPlainPacket(packet)) this.onPlain(packet)
      else this.onEncrypted(packet)
    } catch (e) {
      this.close(e instanceof Error ? e : new MtprotoError(String(e)))
    }
  }

  private onPlain(packet: Uint8Array): void {
    const { body } = decodePlainMessage(packet)
    this.handshake ??= new ServerHandshake({
      dcId: this.dc.dcId,
      keys: this.dc.rsaKeys,
      random: this.dc.random,
      now: this.dc.now,
      isKeyIdTaken: (id) => this.dc.keys.has(id),
    })
    const request = deserializeTl<{ _: string }>(body, { readers: serverReaders() })
    const { reply } = this.handshake.handle(request)
    const result = this.handshake.result
    if (result) {
      this.dc.keys.add(toAuthKey(result.authKey), {
        temp: result.temp,
        expiresAt: result.expiresAt,
        salt: result.serverSalt,
      })
      this.handshake = undefined
    }
    this.send(encodePlainMessage(this.plainIds.next('server-response'), serializeTl(reply)))
  }

  private onEncrypted(packet: Uint8Array): void {
    const authKey = packet.length >= 8 ? this.dc.keys.get(packet.subarray(0, 8)) : undefined
    const expired = authKey?.expiresAt !== undefined && authKey.expiresAt * 1000 < this.dc.now()
    if (!authKey || expired) {
      // Telegram answers an unknown (or expired) auth key with transport error -404
      const closing = new MtprotoError('unknown auth key', -404)
      const sent = this.link.sendTransportError?.(-404) ?? Promise.resolve()
      sent.finally(() => this.close(closing)).catch(() => {})
      return
    }
    if (!this.authKey) {
      this.authKey = authKey
      if (this.dc.onConnectionKey && !this.dc.onConnectionKey(this, authKey)) {
        this.close(new MtprotoError('too many connections for this auth key'))
        return
      }
    }
    const envelope = decodeEnvelope(
      decryptMessage(authKey.key, 'server', withoutTransportPadding(packet), { inPlace: true }),
    )
    const session = this.sessionFor(authKey, envelope)
    if (!this.checkSalt(session, envelope)) return
    this.onMessage(session, envelope.msgId, envelope.seqNo, envelope.body, false)
  }

  private sessionFor(authKey: ServerAuthKey, envelope: Envelope): ServerSession {
    const id = envelope.sessionId.toString()
    let session = this.sessions.get(id)
    if (!session) {
      session = new ServerSession(authKey, envelope.sessionId, (p) => this.send(p), this.dc.now)
      this.sessions.set(id, session)
      if (!authKey.sessions.has(id)) {
        authKey.sessions.add(id)
        session.announceNewSession(envelope.msgId)
      }
    }
    return session
  }

  private checkSalt(session: ServerSession, e: Envelope): boolean {
    const key = session.authKey
    if (e.salt.equals(key.salt) || (key.previousSalt && e.salt.equals(key.previousSalt))) return true
    session.badSalt(e.msgId, e.seqNo)
    return false
  }

  private onMessage(
    session: ServerSession,
    msgId: Long,
    seqNo: number,
    body: Uint8Array,
    inContainer: boolean,
  ): void {
    const problem = this.checkMessage(session, msgId, seqNo, body, inContainer)
    if (problem !== undefined) {
      if (problem > 0) session.badMsg(msgId, seqNo, problem)
      return
    }
    this.dc.onMessage?.({ authKey: session.authKey, msgId, body, connection: this })
    if (isContainer(body)) {
      for (const inner of decodeContainer(body)) {
        this.onMessage(session, inner.msgId, inner.seqNo, inner.body, true)
      }
      return
    }
    let request: TlObject & Record<string, unknown>
    try {
      request = deserializeTl(body, { readers: serverReaders() })
    } catch {
      // nothing to dispatch; the client learns through an error answer
      answerRequest.undecodable(session, msgId)
      return
    }
    // http_wait only holds an HTTP request open (the HTTP link holds every request): nothing to ack
    const contentRelated = request._ !== 'mt_msgs_ack' && request._ !== 'mt_http_wait'
    // 35: a content-related message must have an odd seq_no. The reverse (34)
    // is not enforced for acks: mtcute sends them odd and Telegram accepts that.
    if (contentRelated && (seqNo & 1) === 0) {
      session.badMsg(msgId, seqNo, 35)
      return
    }
    if (contentRelated) {
      session.lastSeqNo = Math.max(session.lastSeqNo, seqNo)
      session.outbox.ack(msgId)
    }
    answerRequest(this, session, msgId, request, this.abort.signal)
  }

  /**
   * The bad_msg_notification code for a message Telegram would refuse, -1 for
   * a duplicate (silently ignored), undefined when it may be handled.
   */
  private checkMessage(
    session: ServerSession,
    msgId: Long,
    seqNo: number,
    body: Uint8Array,
    inContainer: boolean,
  ): number | undefined {
    if ((msgId.low & 3) !== 0) return 18
    const timeError = msgIdTimeError(msgId, Math.floor(this.dc.now() / 1000))
    if (timeError) return timeError
    if (!session.remember(msgId)) return -1
    if (isContainer(body)) {
      if (inContainer) return 64
      if (seqNo & 1) return 34
    } else if (seqNo & 1 && seqNo < session.lastSeqNo) {
      return 32
    }
    return undefined
  }

  private send(packet: Uint8Array): void {
    if (this.closed) return
    this.dc.onPacketSent?.(this, packet.length)
    this.link.send(packet).catch(() => this.close())
  }
}
