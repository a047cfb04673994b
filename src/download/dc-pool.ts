import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { deadline } from '../async/index.js'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import type { ConnectionStats } from './events.js'
import { FloodGate } from './flood-gate.js'
import { PoolSizer, windowFor } from './pool-sizer.js'
import { type Lease, PoolClosedError, PooledConnection } from './pooled-connection.js'

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
  partSize?: number
  gate?: FloodGate
  onConnectError?(error: Error): void
}

interface Waiter {
  priority: number
  resolve(lease: Lease): void
  reject(e: unknown): void
}

let nextConnectionId = 1

/** TCP, key exchange or login transfer and the first answer, at most */
const CONNECT_TIMEOUT_MS = 20_000

/**
 * The connections one account keeps to one DC for downloads, shared by every
 * download on that DC. Hands out request slots (leases) to the least busy
 * connection, sized by {@link PoolSizer}, paced by a {@link FloodGate}, and
 * replaces connections that break or stall.
 */
export class DcPool {
  /** FLOOD_WAIT: shared by the account's pools of the same method (Telegram counts per account) */
  readonly gate: FloodGate
  readonly sizer: PoolSizer
  private readonly connections: PooledConnection[] = []
  private readonly waiters: Waiter[] = []
  private target: number
  private opening = 0
  private connectFailures = 0
  private connectWaitUntil = 0
  private closed = false
  private readonly abort = new AbortController()
  private phaseStart = performance.now()
  private phaseTimer: NodeJS.Timeout | undefined
  private phase: 'off' | 'warming' | 'measuring' = 'off'
  private gateTimer: NodeJS.Timeout | undefined

  private readonly opts: DcPoolOptions

  constructor(opts: DcPoolOptions) {
    this.opts = { ...opts }
    this.gate = opts.gate ?? new FloodGate()
    // every connection being opened waits on this signal
    setMaxListeners(0, this.abort.signal)
    const min = opts.minConnections ?? 1
    this.sizer = new PoolSizer({ min, max: opts.maxConnections })
    this.target =
      opts.fixedConnections ?? Math.min(opts.maxConnections, Math.max(min, opts.initialConnections ?? 8))
  }

  get dcId(): number {
    return this.opts.dcId
  }

  get size(): number {
    return this.connections.length
  }

  /** requests in flight per connection */
  get window(): number {
    const perConn = this.connSpeed()
    if (perConn <= 0) return 2
    return windowFor(perConn, this.rttMs() ?? 0, this.opts.partSize ?? 1024 * 1024)
  }

  /** The round trip without the transfer: the fastest answer less the time its bytes take at today's speed. */
  private rttMs(): number | undefined {
    const ready = this.connections.filter((c) => c.parts > 0)
    const perConn = this.connSpeed()
    if (ready.length === 0 || perConn <= 0) return undefined
    const partBytes = ready.reduce((s, c) => s + c.bytes / c.parts, 0) / ready.length
    const fastest = Math.min(...ready.map((c) => c.minLatencyMs))
    return Math.max(0, fastest - (partBytes / perConn) * 1000)
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
    return this.connections.map((c) => ({
      id: c.id,
      dcId: this.opts.dcId,
      account: this.opts.account,
      bytes: c.bytes,
      speed: c.latencyMs > 0 ? ((c.bytes / Math.max(1, c.parts)) * c.inFlight * 1000) / c.latencyMs : 0,
      rttMs: Number.isFinite(c.minLatencyMs) ? c.minLatencyMs : 0,
      inFlight: c.inFlight,
    }))
  }

  /** A request slot; waits for the flood gate, a free slot, or a new connection. */
  async acquire(signal: AbortSignal, priority = 0): Promise<Lease> {
    if (this.closed) throw new PoolClosedError()
    await this.gate.pass(signal)
    // closed while the gate held us: nobody would ever serve a waiter
    if (this.closed) throw new PoolClosedError()
    const now = this.pick()
    if (now) return this.lease(now)
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        resolve: (lease) => {
          signal.removeEventListener('abort', onAbort)
          resolve(lease)
        },
        reject: (e) => {
          signal.removeEventListener('abort', onAbort)
          reject(e)
        },
      }
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      // higher priority first, then first come
      const at = this.waiters.findIndex((w) => w.priority < priority)
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter)
      this.fill()
    })
  }

  /** A fixed number of connections from now on (no more sizing). */
  fix(connections: number): void {
    this.opts.fixedConnections = Math.max(1, Math.min(this.opts.maxConnections, connections))
    clearTimeout(this.phaseTimer)
    this.phaseTimer = undefined
    this.phase = 'off'
    this.resize(this.opts.fixedConnections)
  }

  /** FLOOD_PREMIUM_WAIT: fewer connections from now on. */
  slowDown(): void {
    const d = this.sizer.slowDown(this.connections.length)
    if (d.action !== 'shrink') return
    this.resize(d.to)
    if (this.opts.fixedConnections === undefined) this.warm()
  }

  async close(): Promise<void> {
    this.closed = true
    this.abort.abort(new PoolClosedError())
    clearTimeout(this.phaseTimer)
    clearTimeout(this.gateTimer)
    for (const w of this.waiters.splice(0)) w.reject(new PoolClosedError())
    for (const c of this.connections.splice(0)) c.session.close()
  }

  private pick(): PooledConnection | undefined {
    this.dropClosed()
    const window = this.window
    let best: PooledConnection | undefined
    for (const c of this.connections) {
      if (c.draining || c.inFlight >= window) continue
      if (!best || c.inFlight < best.inFlight) best = c
    }
    return best
  }

  private lease(connection: PooledConnection): Lease {
    connection.inFlight++
    let settled = false
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      connection.inFlight--
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
        connection.bytes += bytes
        connection.parts++
        connection.timeouts = 0
        connection.latencyMs = connection.latencyMs ? connection.latencyMs * 0.8 + ms * 0.2 : ms
        connection.minLatencyMs = Math.min(connection.minLatencyMs, ms)
        this.connectFailures = 0
        if (connection.draining && connection.inFlight === 0) this.retire(connection)
        if (this.phase === 'warming' && this.allWarm()) this.beginMeasuring()
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

  /** Gives free slots to waiters, and opens connections while there are more waiters than slots. */
  private dispatch(): void {
    const closedFor = this.gate.remainingMs
    if (closedFor > 0 && this.waiters.length > 0) {
      // a FLOOD_WAIT came in: nobody gets a slot before it ends
      if (!this.gateTimer) {
        this.gateTimer = setTimeout(() => {
          this.gateTimer = undefined
          this.dispatch()
        }, closedFor)
        this.gateTimer.unref()
      }
      return
    }
    while (this.waiters.length > 0) {
      const c = this.pick()
      if (!c) break
      this.waiters.shift()?.resolve(this.lease(c))
    }
    this.fill()
  }

  private fill(): void {
    if (this.closed || this.waiters.length === 0) return
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
          this.startPhaseIfIdle()
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
            for (const w of this.waiters.splice(0)) w.reject(e)
            return
          }
          this.fill()
        },
      )
  }

  private connSpeed(): number {
    const elapsed = (performance.now() - this.phaseStart) / 1000
    const inPhase = this.connections.filter((c) => c.inPhase)
    if (elapsed <= 0 || inPhase.length === 0) return 0
    return inPhase.reduce((s, c) => s + (c.bytes - c.phaseBytes), 0) / inPhase.length / elapsed
  }

  private startPhaseIfIdle(): void {
    if (this.phase !== 'off' || this.opts.fixedConnections !== undefined) return
    this.warm()
  }

  /** every connection that stays has delivered a part: new ones are up to speed */
  private allWarm(): boolean {
    const staying = this.connections.filter((c) => !c.draining)
    return this.opening === 0 && staying.length > 0 && staying.every((c) => c.parts > 0)
  }

  /** After a resize, measuring waits until the new connections are warm (or 2 s, whichever first). */
  private warm(): void {
    this.phase = 'warming'
    clearTimeout(this.phaseTimer)
    this.phaseTimer = setTimeout(() => this.beginMeasuring(), 2000)
    this.phaseTimer.unref()
  }

  private beginMeasuring(): void {
    clearTimeout(this.phaseTimer)
    this.phase = 'measuring'
    this.phaseStart = performance.now()
    for (const c of this.connections) {
      c.phaseBytes = c.bytes
      c.inPhase = !c.draining
    }
    // a few round trips: long enough for every connection to deliver, short enough to ramp up fast
    const rtt = this.rttMs() ?? 100
    this.phaseTimer = setTimeout(() => this.endPhase(), Math.min(800, Math.max(300, rtt * 4)))
    this.phaseTimer.unref()
  }

  private endPhase(): void {
    this.phaseTimer = undefined
    if (this.closed) return
    const inPhase = this.connections.filter((c) => c.inPhase)
    const elapsed = (performance.now() - this.phaseStart) / 1000
    const busy = this.waiters.length > 0 || this.connections.some((c) => c.inFlight > 0)
    if (!busy || inPhase.length === 0) {
      // idle pools keep their size; measure again when work comes
      this.phase = 'off'
      return
    }
    const speed = inPhase.reduce((s, c) => s + c.bytes - c.phaseBytes, 0) / elapsed
    const decision = this.sizer.decide(
      { connections: inPhase.length, speed, perConnection: speed / inPhase.length },
      performance.now(),
    )
    if (decision.action === 'hold') this.beginMeasuring()
    else {
      this.resize(decision.to)
      this.warm()
    }
  }

  private resize(to: number): void {
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
