import Long from 'long'
import {
  authKeyId,
  decryptMessage,
  encryptMessage,
  type RandomSource,
  type Side,
  secureRandom,
} from '../crypto/index.js'
import { decodeEnvelope, type Envelope, encodeEnvelopeHeader, withoutTransportPadding } from './envelope.js'
import { MsgIdGenerator } from './msg-id.js'
import { MtprotoError } from './rpc-error.js'
import { SeqNoCounter } from './seq-no.js'

/** An auth key with its 8-byte id, as both roles hold it. */
export interface AuthKey {
  key: Uint8Array
  id: Uint8Array
}

export function toAuthKey(key: Uint8Array): AuthKey {
  return { key, id: authKeyId(key) }
}

export function randomLong(random: RandomSource = secureRandom): Long {
  const b = random(8)
  return Long.fromBytesLE(Array.from(b))
}

/**
 * One MTProto session over one auth key: its id, salt, msg_id clock and
 * seq_no counter, and the sealing/opening of envelopes. Shared by the client
 * and the server role; `side` says which one we are.
 */
export class SessionState {
  readonly msgIds: MsgIdGenerator
  readonly seqNo = new SeqNoCounter()
  sessionId: Long
  salt: Long

  constructor(
    readonly authKey: AuthKey,
    readonly side: Side,
    opts: { sessionId?: Long; salt?: Long; now?: () => number; random?: RandomSource } = {},
  ) {
    this.random = opts.random ?? secureRandom
    this.msgIds = new MsgIdGenerator(opts.now)
    this.sessionId = opts.sessionId ?? randomLong(this.random)
    this.salt = opts.salt ?? Long.ZERO
  }

  private readonly random: RandomSource

  /**
   * Encrypts one message (a lone message or a container) for the other side;
   * `head` goes before `body` without a copy of its own (rpc_result's header).
   */
  seal(msgId: Long, seqNo: number, body: Uint8Array, head?: Uint8Array): Uint8Array {
    const length = body.length + (head?.length ?? 0)
    const header = encodeEnvelopeHeader({ salt: this.salt, sessionId: this.sessionId, msgId, seqNo }, length)
    return encryptMessage(
      this.authKey.key,
      this.side,
      head ? [header, head, body] : [header, body],
      this.random,
    )
  }

  /** Decrypts and checks a packet from the other side (msg_key, length, padding). */
  open(packet: Uint8Array): Envelope {
    try {
      return decodeEnvelope(
        decryptMessage(this.authKey.key, this.side, withoutTransportPadding(packet), { inPlace: true }),
      )
    } catch (e) {
      if (e instanceof MtprotoError) throw e
      throw new MtprotoError(`cannot decrypt message: ${(e as Error).message}`)
    }
  }

  /** A fresh session on the same key (client after a fatal seq_no mismatch). */
  renew(): void {
    this.sessionId = randomLong(this.random)
    this.seqNo.reset()
  }
}
