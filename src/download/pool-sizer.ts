/** What the pool measured over one phase (the time since its last resize). */
export interface PhaseSample {
  connections: number
  /** bytes/s of all connections together */
  speed: number
  /** bytes/s per connection of the connections that were there for the whole phase */
  perConnection: number
}

export interface SizerLimits {
  min: number
  max: number
}

export type SizerDecision =
  | { action: 'grow'; to: number }
  | { action: 'shrink'; to: number }
  | { action: 'hold' }

/**
 * How many connections a DC gets, learned while downloading. Doubling while
 * each connection keeps its speed finds a per-connection cap (Telegram's
 * shaping) quickly; when adding connections stops adding speed (an account
 * cap, or the CPU), the pool goes back to the smaller size and holds it,
 * probing again after a while. FLOOD_PREMIUM_WAIT lowers the ceiling for good.
 */
export class PoolSizer {
  private previous: PhaseSample | undefined
  /** the larger pool a shrink left, until the smaller one is measured */
  private abandoned: PhaseSample | undefined
  /** the size whose last phase brought nothing over the smaller pool: one more such phase shrinks it */
  private doubted: number | undefined
  private ceiling: number
  private plateauAt = 0

  constructor(
    private readonly limits: SizerLimits,
    private readonly reprobeMs = 15_000,
  ) {
    this.ceiling = limits.max
  }

  get max(): number {
    return this.ceiling
  }

  /** Called at the end of each phase; `now` in ms. */
  decide(sample: PhaseSample, now: number): SizerDecision {
    const before = this.previous
    this.previous = sample
    const n = sample.connections
    const abandoned = this.abandoned
    this.abandoned = undefined
    const doubted = this.doubted
    this.doubted = undefined
    // the smaller pool is slower than the larger one it replaced: what the larger one was compared with was
    // measured high (a burst an account is allowed at first, parts that landed together), so the larger one
    // was the plateau
    if (abandoned && n < abandoned.connections && sample.speed < 0.9 * abandoned.speed) {
      this.plateauAt = now
      return { action: 'grow', to: abandoned.connections }
    }
    if (!before || before.connections >= n) {
      // first measurement, or measured after a shrink: try more unless we just found a plateau
      if (this.plateauAt && now - this.plateauAt < this.reprobeMs) return { action: 'hold' }
      this.plateauAt = 0
      return this.growFrom(n)
    }
    const gained = sample.speed / Math.max(1, before.speed)
    const expected = n / before.connections
    // the old connections kept their pace: the limit is per connection, so more helps
    if (sample.perConnection >= 0.85 * before.perConnection && gained > 1 + 0.5 * (expected - 1))
      return this.growFrom(n)
    this.plateauAt = now
    if (gained < 1.1 && before.connections >= this.limits.min) {
      this.previous = before
      // a phase lasts about one part per connection, so its speed is partly where parts happened to land:
      // the larger pool is measured once more, against the same smaller one, before it goes
      if (doubted !== n) {
        this.doubted = n
        return { action: 'hold' }
      }
      this.abandoned = sample
      return { action: 'shrink', to: before.connections }
    }
    return { action: 'hold' }
  }

  /** FLOOD_PREMIUM_WAIT: the account is over its pace; two thirds of the connections, and never more again. */
  slowDown(current: number): SizerDecision {
    const to = Math.max(this.limits.min, Math.floor((current * 2) / 3))
    this.ceiling = Math.max(this.limits.min, Math.min(this.ceiling, to))
    this.plateauAt = Number.MAX_SAFE_INTEGER
    this.previous = undefined
    return to < current ? { action: 'shrink', to } : { action: 'hold' }
  }

  private growFrom(n: number): SizerDecision {
    const to = Math.min(this.ceiling, n * 2)
    return to > n ? { action: 'grow', to } : { action: 'hold' }
  }
}

/**
 * Requests in flight per connection: enough to keep the pipe full for one
 * round trip (the bandwidth-delay product) plus one, within 2…8.
 */
export function windowFor(bytesPerSecond: number, rttMs: number, partSize: number): number {
  const bdpParts = Math.ceil((bytesPerSecond * rttMs) / 1000 / partSize)
  return Math.max(2, Math.min(8, bdpParts + 1))
}
