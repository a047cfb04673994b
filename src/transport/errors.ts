/**
 * Typed errors of the transport layer.
 *
 * Parsing untrusted bytes fails only with {@link FramingError} (malformed input) or
 * {@link TransportError} (the peer sent a transport error code such as -404).
 */

const KNOWN_CODES: Record<number, string> = {
  [-403]: 'forbidden',
  [-404]: 'auth key not found or invalid packet',
  [-429]: 'transport flood',
  [-444]: 'invalid DC',
}

/** The peer sent a transport-level error: a frame whose payload is one negative int32. */
export class TransportError extends Error {
  /** Negative code exactly as received on the wire, e.g. -404. */
  readonly code: number

  constructor(code: number) {
    const known = KNOWN_CODES[code]
    super(`transport error ${code}${known ? ` (${known})` : ''}`)
    this.name = 'TransportError'
    this.code = code
  }
}

/** Malformed transport input: bad length, oversize frame, bad CRC/seq, unknown tag, … */
export class FramingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FramingError'
  }
}

/** Operation on a connection that is already closed (the original reason is `cause`). */
export class ConnectionClosedError extends Error {
  constructor(cause?: Error) {
    super(cause ? `connection closed: ${cause.message}` : 'connection closed', { cause })
    this.name = 'ConnectionClosedError'
  }
}
