import type Long from 'long'
import { serializeTl } from '../../tl/index.js'
import { Outbox } from '../outbox.js'
import { randomLong, SessionState } from '../session-state.js'
import type { ServerAuthKey } from './auth-keys.js'

/**
 * The server's side of one client session on one connection: its outbox
 * (server msg_ids, acks, containers) and what it has seen of the client's
 * msg_ids and seq_nos.
 */
export class ServerSession {
  readonly state: SessionState
  readonly outbox: Outbox
  private readonly seen = new Set<string>()
  private readonly seenOrder: string[] = []
  lastSeqNo = -1

  constructor(
    readonly authKey: ServerAuthKey,
    sessionId: Long,
    send: (packet: Uint8Array) => void,
    now: () => number,
  ) {
    this.state = new SessionState(authKey, 'server', { sessionId, salt: authKey.salt, now })
    this.outbox = new Outbox(this.state, send, 'server-response')
  }

  /** Remembers a client msg_id; false if it was already seen (a duplicate is ignored). */
  remember(msgId: Long): boolean {
    const key = msgId.toString()
    if (this.seen.has(key)) return false
    this.seen.add(key)
    this.seenOrder.push(key)
    if (this.seenOrder.length > 4096) this.seen.delete(this.seenOrder.shift()!)
    return true
  }

  hasSeen(msgId: Long): boolean {
    return this.seen.has(msgId.toString())
  }

  /**
   * Sends a service message that answers nothing in particular (new_session_created,
   * updates), in the layout of `layer` (the client's, for API objects) when given.
   */
  notify(obj: { _: string }, layer?: number): void {
    this.outbox.push({ body: serializeTl(obj, layer), contentRelated: true, role: 'server-message' })
  }

  announceNewSession(firstMsgId: Long): void {
    this.notify({
      _: 'mt_new_session_created',
      firstMsgId,
      uniqueId: randomLong(),
      serverSalt: this.authKey.salt,
    } as never)
  }

  badMsg(badMsgId: Long, badMsgSeqno: number, errorCode: number): void {
    this.outbox.push({
      body: serializeTl({ _: 'mt_bad_msg_notification', badMsgId, badMsgSeqno, errorCode } as never),
      contentRelated: false,
    })
  }

  badSalt(badMsgId: Long, badMsgSeqno: number): void {
    this.outbox.push({
      body: serializeTl({
        _: 'mt_bad_server_salt',
        badMsgId,
        badMsgSeqno,
        errorCode: 48,
        newServerSalt: this.authKey.salt,
      } as never),
      contentRelated: false,
    })
  }
}
