import Long from 'long'

/** Who makes a msg_id decides its residue mod 4 (core.telegram.org/mtproto/description#message-identifier-msg-id). */
export type MsgIdRole = 'client' | 'server-response' | 'server-message'

/**
 * Generates msg_ids: unix time × 2^32 plus a fraction, strictly increasing,
 * ≡ 0 mod 4 for clients, 1 mod 4 for server responses, 3 mod 4 for other server messages.
 */
export class MsgIdGenerator {
  private last = Long.ZERO
  /** seconds added to the local clock to get the server's clock */
  timeOffset = 0

  constructor(private readonly now: () => number = Date.now) {}

  next(role: MsgIdRole = 'client'): Long {
    const ms = this.now() + this.timeOffset * 1000
    const seconds = Math.floor(ms / 1000)
    const fraction = Math.floor(((ms % 1000) / 1000) * 2 ** 32) >>> 0
    let id = Long.fromBits(fraction, seconds, false)
    if (id.lessThanOrEqual(this.last)) id = this.last.add(1)
    id = alignTo(id, role === 'client' ? 0 : role === 'server-response' ? 1 : 3)
    this.last = id
    return id
  }

  /** Adopts the server's clock from one of its msg_ids (bad_msg_notification 16/17). */
  syncWithServerMsgId(serverMsgId: Long): void {
    this.timeOffset = msgIdSeconds(serverMsgId) - Math.floor(this.now() / 1000)
    // ids sent before the correction carry the wrong clock; new ones follow the server's
    this.last = Long.ZERO
  }
}

function alignTo(id: Long, residue: number): Long {
  const current = id.low & 3
  const delta = (residue - current + 4) & 3
  return delta === 0 ? id : id.add(delta)
}

/** The unix time (seconds) a msg_id claims. */
export function msgIdSeconds(id: Long): number {
  return id.high >>> 0
}

/**
 * How a receiver judges an incoming msg_id's time: more than 300 s in the past
 * → code 16 (too low), more than 30 s in the future → 17 (too high).
 */
export function msgIdTimeError(id: Long, nowSeconds: number): 16 | 17 | undefined {
  const t = msgIdSeconds(id)
  if (t < nowSeconds - 300) return 16
  if (t > nowSeconds + 30) return 17
  return undefined
}
