import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { deadline } from '../async/index.js'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import type { ConnectionStats } from './events.js'
import { FloodGate } from './flood-gate.js'
import { LeaseQueue } from './lease-queue.js'
import { MAX_PART } from './part-plan.js'
import { PoolMeasurer } from './pool-measurer.js'
import { PoolSizer } from './pool-sizer.js'
import { type Lease, type LeaseRequest, PoolClosedError, PooledConnection } from './pooled-connection.js'
import { RequestPacer } from './request-pacer.js'

export interface DcPoolOptions {
  dcId: number
  account: string
  minConnections?: number
  maxConnections: number
  /** where sizing starts (default 8, Telegram Desktop's most download sessions per DC) */
  initialConnections?: number
  /** a fixed number of connections (no sizing) */
  fixedConnections?: number
  connect(signal: AbortSignal): Promise<ClientSession>
  gate?: FloodGate
  /** spaces the requests: shared by the account's pools of the same method, like the gate */
  pacer?: RequestPacer
  onConnectError?(error: Error): void
  /** the pool grew, or shrank for a FLOOD_PREMIUM_WAIT: where the next run's `initialConnections` may start */
  onResize?(connections: number): void
}

let nextConnectionId = 1

/** TCP, key exchange or login transfer and the first answer, at most */
const CONNECT_TIMEOUT_MS = 20_000

/**
 * The connections one account keeps to one DC for downloads, shared by every
 * download on that DC. Hands out request slots (leases) to the least busy
 * connection, sized by its {@link PoolMeasurer}, paced by a {@link FloodGate}, and
 * replaces connections that break or stall.
 */
export class DcPool {
  /** FLOOD_WAIT: shared by the account's pools of the same method (Telegram counts per account) */
  readonly gate: FloodGate
  /** the account's request pace for the method, learned from FLOOD_WAITs */
  readonly pacer: RequestPacer
  private readonly measurer: PoolMeasurer
  private readonly connections: PooledConnection[] = []
  private readonly waiters = new LeaseQueue()
  private target: number
  private opening = 0
  private connectFailures = 0
  private connectWaitUntil = 0
  private closed = false
  private readonly abort = new AbortController()
  /** wakes {@link dispatch} when the gate opens or the pacer has a turn */
  private wakeTimer: NodeJS.Timeout | undefined
  private wakeAt = 0

  private readonly opts: DcPoolOptions

  constructor(opts: DcPoolOptions) {
    this.opts = opts
    this.gate = opts.gate ?? new FloodGate()
    this.pacer = opts.pacer ?? new RequestPacer('upload.getFile')
    // every connection being opened waits on this signal
    setMaxListeners(0, this.abort.signal)
    const min = opts.minConnections ?? 1
    this.measurer = new PoolMeasurer(
      {
        connections: () => this.connections,
        opening: () => this.opening,
        busy: () => this.waiters.length > 0 || this.connections.some((c) => c.inFlight > 0),
        resize: (to) => this.resize(to),
      },
      new PoolSizer({ min, max: opts.maxConnections }),
      opts.fixedConnections !== undefined,
    )
    this.target =
      opts.fixedConnections ?? Math.min(opts.maxConnections, Math.max(min, opts.initialConnections ?? 8))
  }

  get dcId(): number {
    return this.opts.dcId
  }

  get size(): number {
    return this.connections.length
  }

  /** What the pool is doing, for a stalled download's error. */
  describe(): string {
    const busy = this.connections.filter((c) => c.inFlight > 0).length
    const gate = this.gate.remainingMs
    return (
      `DC ${this.opts.dcId}: ${this.connections.length} connections (${busy} busy), ${this.opening} opening, ` +
      `${this.waiters.length} waiting${gate > 0 ? `, flood wait ${Math.ceil(gate / 1000)} s` : ''}${this.closed ? ', closed' : ''}`
    )
  }

  stats(): ConnectionStats[] {
    return this.connections.map((c) => c.stats(this.opts.dcId, this.opts.account))
  }

  /** A request slot; waits for the flood gate, the pacer's turn, a free slot, or a new connection. */
  async acquire(signal: AbortSignal, request: LeaseRequest = {}): Promise<Lease> {
    if (this.closed) throw new PoolClosedError()
    await this.gate.pass(signal)
    // closed while the gate held us: nobody would ever serve a waiter
    if (this.closed) throw new PoolClosedError()
    const now = this.waiters.length === 0 ? this.pick(request) : undefined
    if (now && this.pacer.tryTake() === 0) return this.lease(now, request)
    const waiting = this.waiters.wait(request, signal)
    this.dispatch()
    return waiting
  }

  /**
   * Just before a request goes out on a lease: undefined if it may go now,
   * else a wait — a FLOOD_WAIT came in since the lease was given: it is
   * waited out and the request takes a new turn of the pacer (the leases
   * held during the wait must not all go out at once when it ends). Ask
   * again after the wait, and send in the same tick as the answer
   * undefined: a FLOOD_WAIT handled in between would be missed.
   */
  clear(signal: AbortSignal): Promise<void> | undefined {
    if (this.gate.remainingMs === 0) return undefined
    return this.gate.pass(signal).then(() => this.pacer.take(signal))
  }

  /** FLOOD_PREMIUM_WAIT: fewer connections from now on. */
  slowDown(): void {
    const before = this.target
    this.measurer.slowDown()
    if (this.target < before) this.opts.onResize?.(this.target)
  }

  async close(): Promise<void> {
    this.closed = true
    this.abort.abort(new PoolClosedError())
    this.measurer.close()
    clearTimeout(this.wakeTimer)
    this.waiters.rejectAll(new PoolClosedError())
    for (const c of this.connections.splice(0)) c.session.close()
  }

  /** The least busy connection with room for the request (and allowed by its cap). */
  private pick(request: LeaseRequest): PooledConnection | undefined {
    this.dropClosed()
    const size = request.partSize ?? MAX_PART
    const room = this.measurer.window(size) * size
    let best: PooledConnection | undefined
    for (const c of this.connections) {
      if (c.draining || c.bytesInFlight + size > room) continue
      if (request.cap && !request.cap.allows(c, this.connections)) continue
      if (!best || c.inFlight < best.inFlight) best = c
    }
    return best
  }

  private lease(connection: PooledConnection, request: LeaseRequest): Lease {
    const size = request.partSize ?? MAX_PART
    request.cap?.take(connection)
    connection.inFlight++
    connection.bytesInFlight += size
    let settled = false
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      connection.inFlight--
      connection.bytesInFlight -= size
      return true
    }
    const latency = connection.latencyMs || 0
    return {
      pool: this,
      connection,
      // a request waits behind the others on its connection; a stalled one is retried elsewhere
      timeoutMs: latency > 0 ? Math.min(30_000, Math.max(5_000, latency * 4 + 2_000)) : 20_000,
      done: (bytes, ms) => {
        if (!settle()) return
        connection.delivered(bytes, ms)
        this.connectFailures = 0
        if (connection.draining && connection.inFlight === 0) this.retire(connection)
        this.measurer.partDone()
        this.dispatch()
      },
      release: () => {
        if (!settle()) return
        if (connection.draining && connection.inFlight === 0) this.retire(connection)
        this.dispatch()
      },
      failed: (kind) => {
        if (!settle()) return
        if (kind === 'timeout') connection.timeouts++
        if (
          kind === 'broken' ||
          connection.timeouts >= 2 ||
          (connection.draining && connection.inFlight === 0)
        )
          this.retire(connection)
        this.dispatch()
      },
    }
  }

  private retire(connection: PooledConnection): void {
    const i = this.connections.indexOf(connection)
    if (i >= 0) this.connections.splice(i, 1)
    connection.session.close()
  }

  private dropClosed(): void {
    for (const c of [...this.connections]) if (!c.usable) this.retire(c)
  }

  /** Gives free slots to waiters at the pacer's pace, and opens connections while there are more waiters than slots. */
  private dispatch(): void {
    const closedFor = this.gate.remainingMs
    if (closedFor > 0 && this.waiters.length > 0) {
      // a FLOOD_WAIT came in: nobody gets a slot before it ends
      this.wakeIn(closedFor)
      return
    }
    this.waiters.serve((request) => {
      const c = this.pick(request)
      if (!c) return undefined
      const wait = this.pacer.tryTake()
      if (wait === 0) return this.lease(c, request)
      this.wakeIn(wait)
      return undefined
    })
    this.fill()
  }

  /** Dispatches again in `ms` (or sooner, if already due sooner). */
  private wakeIn(ms: number): void {
    const at = performance.now() + ms
    if (this.wakeTimer && this.wakeAt <= at) return
    clearTimeout(this.wakeTimer)
    this.wakeAt = at
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined
      this.dispatch()
    }, ms)
    this.wakeTimer.unref()
  }

  /** Opens the connections the pool starts with before anyone asks for a slot; they wait idle for the first download. */
  warm(): void {
    if (!this.closed) this.openUpToTarget()
  }

  private fill(): void {
    if (this.closed || this.waiters.length === 0) return
    this.openUpToTarget()
  }

  private openUpToTarget(): void {
    const staying = this.connections.filter((c) => !c.draining).length
    for (let n = staying + this.opening; n < this.target; n++) this.openOne()
  }

  private openOne(): void {
    this.opening++
    const backoff = Math.max(
      this.connectFailures > 0 ? Math.min(10_000, 250 * 2 ** this.connectFailures) : 0,
      this.connectWaitUntil - Date.now(),
    )
    const signal = this.abort.signal
    // a DC that accepts and then says nothing (restarting, overloaded) must not hold the pool forever
    const limit = deadline(backoff + CONNECT_TIMEOUT_MS, signal)
    sleep(backoff, undefined, { signal })
      .then(() => this.opts.connect(limit.signal))
      .finally(() => limit.dispose())
      .then(
        (session) => {
          this.opening--
          if (this.closed) return session.close()
          const c = new PooledConnection(nextConnectionId++, session)
          this.connections.push(c)
          this.measurer.connectionAdded()
          this.dispatch()
        },
        (e: unknown) => {
          this.opening--
          if (this.closed) return
          this.connectFailures++
          // a FLOOD_WAIT on the way in (auth.exportAuthorization): not before it ends
          if (e instanceof RpcError && e.seconds !== undefined && e.isFloodWait)
            this.connectWaitUntil = Date.now() + e.seconds * 1000
          this.opts.onConnectError?.(e instanceof Error ? e : new Error(String(e)))
          // nobody left to serve the waiters: let them see the error and decide
          if (this.connections.length === 0 && this.connectFailures >= 3) {
            this.waiters.rejectAll(e)
            return
          }
          this.fill()
        },
      )
  }

  private resize(to: number): void {
    // what is worth starting with next time: a size that added speed; a shrink here may just be a download's tail
    if (to > this.target) this.opts.onResize?.(to)
    this.target = to
    const staying = this.connections.filter((c) => !c.draining)
    // the least busy leave first; requests in flight on them still finish
    staying.sort((a, b) => a.inFlight - b.inFlight)
    for (const c of staying.slice(0, Math.max(0, staying.length - to))) {
      c.draining = true
      if (c.inFlight === 0) this.retire(c)
    }
    this.fill()
  }
}
