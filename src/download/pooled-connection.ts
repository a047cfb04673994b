import type { ClientSession } from '../mtproto/index.js'
import type { DcPool } from './dc-pool.js'

/** One MTProto connection of a pool and what it has done. */
export class PooledConnection {
  inFlight = 0
  /** bytes asked for by the requests in flight */
  bytesInFlight = 0
  bytes = 0
  parts = 0
  /** smoothed ms from send to answer */
  latencyMs = 0
  /** the shortest answer seen, ms: the closest we get to the round trip */
  minLatencyMs = Number.POSITIVE_INFINITY
  timeouts = 0
  /** leaving the pool: gets no new requests, closes when its last one ends */
  draining = false
  /** bytes when the current phase began */
  phaseBytes = 0
  inPhase = false

  constructor(
    readonly id: number,
    readonly session: ClientSession,
  ) {}

  get usable(): boolean {
    return !this.session.isClosed
  }
}

/** One request slot on one connection of a pool, settled exactly once. */
export interface Lease {
  pool: DcPool
  connection: PooledConnection
  /** ms after which the request counts as stalled */
  timeoutMs: number
  /** the part arrived: `bytes` in `ms` */
  done(bytes: number, ms: number): void
  /** the request failed; `broken` takes the connection out of the pool */
  failed(kind: 'broken' | 'timeout' | 'soft'): void
  /** gives the slot back without counting anything (a small side request, or unused) */
  release(): void
}

/** The pool was closed (engine closing, or its key was rejected and a new pool took over): try again. */
export class PoolClosedError extends Error {
  override name = 'PoolClosedError'
  constructor() {
    super('connection pool closed')
  }
}
