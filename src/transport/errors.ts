/**
 * Typed errors of the transport layer.
 *
 * Parsing untrusted bytes fails only with {@link FramingError} (malformed input) or
 * {@link TransportError} (the peer sent a transport error code such as -404).
 */

import { TgfetchError } from '../errors/index.js'

const KNOWN_CODES: Record<number, string> = {
  [-403]: 'forbidden',
  [-404]: 'auth key not found or invalid packet',
  [-429]: 'transport flood',
  [-444]: 'invalid DC',
}

/** The peer sent a transport-level error: a frame whose payload is one negative int32. */
export class TransportError extends TgfetchError {
  readonly category = 'protocol'
  /** Negative code exactly as received on the wire, e.g. -404. */
  readonly code: number

  constructor(code: number) {
    const known = KNOWN_CODES[code]
    super(`transport error ${code}${known ? ` (${known})` : ''}`)
    this.code = code
  }
}

/** Malformed transport input: bad length, oversize frame, bad CRC/seq, unknown tag, … */
export class FramingError extends TgfetchError {
  readonly category = 'protocol'
  constructor(message: string) {
    super(message)
  }
}

/** Operation on a connection that is already closed (the original reason is `cause`). */
export class ConnectionClosedError extends TgfetchError {
  readonly category = 'network'
  constructor(cause?: Error) {
    super(cause ? `connection closed: ${cause.message}` : 'connection closed', { cause })
  }
}
