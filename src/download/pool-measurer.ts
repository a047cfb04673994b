import { type PoolSizer, windowFor } from './pool-sizer.js'
import type { PooledConnection } from './pooled-connection.js'

/** What the measurer sees of its pool, and the one thing it may do to it. */
export interface MeasuredPool {
  /** the pool's connections, draining ones included */
  connections(): readonly PooledConnection[]
  /** connections being opened */
  opening(): number
  /** requests waiting or in flight */
  busy(): boolean
  /** sets the number of connections the pool keeps */
  resize(to: number): void
}

/** how long a phase may wait for every connection to deliver a part */
const MAX_PHASE_MS = 3000
const PHASE_STEP_MS = 50

/**
 * Measures a pool's connections phase by phase (the time since its last
 * resize) and lets its {@link PoolSizer} decide how many it keeps; knows
 * the speed and round trip each connection's window is sized by.
 */
export class PoolMeasurer {
  private phaseStart = performance.now()
  private phaseTimer: NodeJS.Timeout | undefined
  private phase: 'off' | 'warming' | 'measuring' = 'off'
  private closed = false

  constructor(
    private readonly pool: MeasuredPool,
    private readonly sizer: PoolSizer,
    /** a fixed number of connections: measured for the window, never resized */
    private readonly fixed: boolean,
  ) {}

  /** requests of `partSize` bytes in flight per connection */
  window(partSize: number): number {
    const perConn = this.connSpeed()
    if (perConn <= 0) return 2
    return windowFor(perConn, this.rttMs() ?? 0, partSize)
  }

  /** A connection joined the pool: measuring starts if it was not under way. */
  connectionAdded(): void {
    if (this.phase !== 'off' || this.fixed) return
    this.warm()
  }

  /** A part arrived: once every connection delivered one, the warm-up is over. */
  partDone(): void {
    if (this.phase === 'warming' && this.allWarm()) this.beginMeasuring()
  }

  /** FLOOD_PREMIUM_WAIT: fewer connections from now on. */
  slowDown(): void {
    const d = this.sizer.slowDown(this.pool.connections().length)
    if (d.action !== 'shrink') return
    this.pool.resize(d.to)
    if (!this.fixed) this.warm()
  }

  close(): void {
    this.closed = true
    clearTimeout(this.phaseTimer)
  }

  /** The round trip without the transfer: the fastest answer less the time its bytes take at today's speed. */
  private rttMs(): number | undefined {
    const ready = this.pool.connections().filter((c) => c.parts > 0)
    const perConn = this.connSpeed()
    if (ready.length === 0 || perConn <= 0) return undefined
    const partBytes = ready.reduce((s, c) => s + c.bytes / c.parts, 0) / ready.length
    const fastest = Math.min(...ready.map((c) => c.minLatencyMs))
    return Math.max(0, fastest - (partBytes / perConn) * 1000)
  }

  /** bytes/s per connection in this phase */
  private connSpeed(): number {
    const elapsed = (performance.now() - this.phaseStart) / 1000
    const inPhase = this.pool.connections().filter((c) => c.inPhase)
    if (elapsed <= 0 || inPhase.length === 0) return 0
    return inPhase.reduce((s, c) => s + (c.bytes - c.phaseBytes), 0) / inPhase.length / elapsed
  }

  /** every connection that stays has delivered a part: new ones are up to speed */
  private allWarm(): boolean {
    const staying = this.pool.connections().filter((c) => !c.draining)
    return this.pool.opening() === 0 && staying.length > 0 && staying.every((c) => c.parts > 0)
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
    for (const c of this.pool.connections()) {
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
    const inPhase = this.pool.connections().filter((c) => c.inPhase)
    const elapsed = (performance.now() - this.phaseStart) / 1000
    if (!this.pool.busy() || inPhase.length === 0) {
      // idle pools keep their size; measure again when work comes
      this.phase = 'off'
      return
    }
    // a part is counted when it arrives whole: a phase in which some connection delivered nothing measures
    // where parts happened to land, not the speed (1 MiB at 2 MB/s is half a second); it goes on a while
    if (inPhase.some((c) => c.bytes === c.phaseBytes) && elapsed < MAX_PHASE_MS / 1000) {
      this.phaseTimer = setTimeout(() => this.endPhase(), PHASE_STEP_MS)
      this.phaseTimer.unref()
      return
    }
    const speed = inPhase.reduce((s, c) => s + c.bytes - c.phaseBytes, 0) / elapsed
    const decision = this.sizer.decide(
      { connections: inPhase.length, speed, perConnection: speed / inPhase.length },
      performance.now(),
    )
    if (decision.action === 'hold') this.beginMeasuring()
    else {
      this.pool.resize(decision.to)
      this.warm()
    }
  }
}
