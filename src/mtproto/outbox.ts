import type Long from 'long'
import { serializeTl } from '../tl/index.js'
import {
  CONTAINER_MAX_BYTES,
  CONTAINER_MAX_MESSAGES,
  encodeContainer,
  type InnerMessage,
} from './container.js'
import type { MsgIdRole } from './msg-id.js'
import type { SessionState } from './session-state.js'

export interface OutgoingMessage {
  body: Uint8Array
  /** bytes that go before `body` in the message (rpc_result's header), joined without a copy */
  head?: Uint8Array
  contentRelated: boolean
  /** msg_id role; servers answer requests with `server-response` ids */
  role?: MsgIdRole
  /** a msg_id chosen in advance (auth.bindTempAuthKey names its own); such a message goes alone */
  msgId?: Long
  /** told the msg_id (and the container's, if packed) once assigned */
  onSent?: (msgId: Long, containerId: Long | undefined) => void
}

/** Acks wait at most this long for a message to ride with. */
const ACK_DELAY_MS = 200
const ACK_MAX_PENDING = 32

/**
 * Collects outgoing messages and acknowledgements and sends them, several per
 * packet in a msg_container when there is more than one, within Telegram's
 * container limits. Both roles use it.
 */
export class Outbox {
  private queue: OutgoingMessage[] = []
  private acks: Long[] = []
  private flushScheduled = false
  private ackTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly state: SessionState,
    private readonly sendPacket: (packet: Uint8Array) => void,
    private readonly defaultRole: MsgIdRole,
  ) {}

  push(message: OutgoingMessage): void {
    this.queue.push(message)
    this.scheduleFlush()
  }

  /** Queues an acknowledgement; it goes out with the next message or after a short delay. */
  ack(msgId: Long): void {
    this.acks.push(msgId)
    if (this.acks.length >= ACK_MAX_PENDING) this.scheduleFlush()
    else this.ackTimer ??= setTimeout(() => this.scheduleFlush(), ACK_DELAY_MS)
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    queueMicrotask(() => {
      this.flushScheduled = false
      this.flush()
    })
  }

  flush(): void {
    if (this.ackTimer) {
      clearTimeout(this.ackTimer)
      this.ackTimer = undefined
    }
    const messages = this.queue
    this.queue = []
    if (this.acks.length > 0) {
      const msgIds = this.acks
      this.acks = []
      messages.push({ body: serializeTl({ _: 'mt_msgs_ack', msgIds } as never), contentRelated: false })
    }
    while (messages.length > 0) this.sendBatch(messages)
  }

  /** Sends one packet from the head of `messages`, removing what it sent. */
  private sendBatch(messages: OutgoingMessage[]): void {
    const first = messages[0]!
    if (messages.length === 1 || first.msgId || first.body.length > CONTAINER_MAX_BYTES / 2) {
      messages.shift()
      this.sendOne(first)
      return
    }
    const batch: OutgoingMessage[] = []
    let bytes = 0
    while (messages.length > 0 && batch.length < CONTAINER_MAX_MESSAGES) {
      const next = messages[0]!
      if (next.msgId) break
      if (bytes + next.body.length + (next.head?.length ?? 0) + 16 > CONTAINER_MAX_BYTES) break
      bytes += next.body.length + (next.head?.length ?? 0) + 16
      batch.push(messages.shift()!)
    }
    if (batch.length === 1) {
      this.sendOne(batch[0]!)
      return
    }
    const inner: InnerMessage[] = batch.map((m) => ({
      msgId: this.state.msgIds.next(m.role ?? this.defaultRole),
      seqNo: this.state.seqNo.next(m.contentRelated),
      body: m.head ? joined(m.head, m.body) : m.body,
    }))
    const containerId = this.state.msgIds.next(this.defaultRole === 'client' ? 'client' : 'server-message')
    const packet = this.state.seal(containerId, this.state.seqNo.next(false), encodeContainer(inner))
    for (let i = 0; i < batch.length; i++) batch[i]!.onSent?.(inner[i]!.msgId, containerId)
    this.sendPacket(packet)
  }

  private sendOne(m: OutgoingMessage): void {
    const msgId = m.msgId ?? this.state.msgIds.next(m.role ?? this.defaultRole)
    const packet = this.state.seal(msgId, this.state.seqNo.next(m.contentRelated), m.body, m.head)
    m.onSent?.(msgId, undefined)
    this.sendPacket(packet)
  }

  close(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer)
    this.queue = []
    this.acks = []
  }
}

function joined(head: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + body.length)
  out.set(head, 0)
  out.set(body, head.length)
  return out
}
