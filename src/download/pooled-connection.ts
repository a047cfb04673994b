import { TgfetchError } from '../errors/index.js'
import type { ClientSession } from '../mtproto/index.js'
import type { ConnectionCap } from './connection-cap.js'
import type { DcPool } from './dc-pool.js'
import type { ConnectionStats } from './events.js'

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

  /** A part of `bytes` arrived `ms` after it was asked for. */
  delivered(bytes: number, ms: number): void {
    this.bytes += bytes
    this.parts++
    this.timeouts = 0
    this.latencyMs = this.latencyMs ? this.latencyMs * 0.8 + ms * 0.2 : ms
    this.minLatencyMs = Math.min(this.minLatencyMs, ms)
  }

  stats(dcId: number, account: string): ConnectionStats {
    return {
      id: this.id,
      dcId,
      account,
      bytes: this.bytes,
      speed:
        this.latencyMs > 0
          ? ((this.bytes / Math.max(1, this.parts)) * this.inFlight * 1000) / this.latencyMs
          : 0,
      rttMs: Number.isFinite(this.minLatencyMs) ? this.minLatencyMs : 0,
      inFlight: this.inFlight,
    }
  }
}

/** What one request for a slot asks for. */
export interface LeaseRequest {
  /** higher goes first among those waiting (default 0) */
  priority?: number
  /**
   * bytes the request asks for: a connection's window is counted in bytes,
   * as downloads with different part sizes share it (default MAX_PART: a
   * side request takes a whole part's room)
   */
  partSize?: number
  /** the download's own limit on how many of the pool's connections it uses */
  cap?: ConnectionCap
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
export class PoolClosedError extends TgfetchError {
  readonly category = 'download'
  constructor() {
    super('connection pool closed')
  }
}
