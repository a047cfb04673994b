/**
 * The frame codec interface shared by the four TCP transports.
 *
 * A codec turns opaque MTProto payloads into frames (`encode`) and incoming bytes into
 * frames (`push` + `next`). It never sees the transport tag: the client sends `tag`
 * once before the first frame (or puts it inside the obfuscated2 init), and the server
 * strips it in `detectTransport`/`acceptTransport` before feeding the codec.
 *
 * Roles matter because the two directions differ: only a client asks for quick acks,
 * only a server sends quick-ack tokens and transport errors.
 */
import { AbridgedCodec } from './abridged.js'
import { FullCodec } from './full.js'
import { IntermediateCodec } from './intermediate.js'
import { PaddedIntermediateCodec } from './padded-intermediate.js'

export type TransportName = 'abridged' | 'intermediate' | 'padded' | 'full'

export type Frame =
  /**
   * An MTProto packet. `quickAck` is set on the server side when the client asked for
   * a quick ack. With the padded transport `data` includes the 0–15 random padding
   * bytes (see padded-intermediate.ts).
   */
  | { kind: 'packet'; data: Uint8Array; quickAck?: boolean }
  /** Client side: the server acknowledged a packet; `token` has its top bit set. */
  | { kind: 'quickAck'; token: number }
  /** Client side: a transport error; `code` is negative as on the wire, e.g. -404. */
  | { kind: 'error'; code: number }

export interface FrameCodec {
  readonly name: TransportName
  /**
   * Bytes a client sends once before the first frame (0xef, 0xeeeeeeee, 0xdddddddd,
   * empty for full). Inside obfuscated2 the 4-byte form is used (0xefefefef for abridged).
   */
  readonly tag: Uint8Array
  /** Encodes one frame. `quickAck` (client role only) asks the server for a quick ack. */
  encode(payload: Uint8Array, opts?: { quickAck?: boolean }): Uint8Array
  /** Server → client quick-ack token (absent for Full, which has no quick acks). */
  encodeQuickAck?(token: number): Uint8Array
  /** Server → client transport error (accepts -404 or 404, always sent negative). */
  encodeError(code: number): Uint8Array
  /** Incoming bytes; the codec copies what it keeps, so the caller may reuse the chunk. */
  push(chunk: Uint8Array): void
  /** One decoded frame, or null if more bytes are needed. Throws FramingError. */
  next(): Frame | null
}

export interface CodecOptions {
  /** Largest accepted/produced payload in bytes (default 16 MiB + 4 KiB). */
  maxFrameSize?: number
  /** Randomness for padding (default crypto.randomBytes). */
  random?: (n: number) => Uint8Array
}

export const TRANSPORT_NAMES: readonly TransportName[] = ['abridged', 'intermediate', 'padded', 'full']

export function createCodec(
  name: TransportName,
  role: 'client' | 'server',
  opts: CodecOptions = {},
): FrameCodec {
  switch (name) {
    case 'abridged':
      return new AbridgedCodec(role, opts)
    case 'intermediate':
      return new IntermediateCodec(role, opts)
    case 'padded':
      return new PaddedIntermediateCodec(role, opts)
    case 'full':
      return new FullCodec(role, opts)
    default:
      throw new RangeError(`unknown transport ${String(name)}`)
  }
}
