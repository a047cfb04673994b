/**
 * A token bucket in its "virtual scheduling" form (GCRA): instead of
 * counting tokens it keeps the time at which everything reserved so far has
 * been transmitted at `bytesPerSecond`. Reserving N bytes returns when those
 * bytes are through; `burstMs` lets an idle bucket send that far ahead.
 * No timers inside: callers sleep until the time they are given.
 */
export class TokenBucket {
  /** ms: when everything reserved so far has gone through */
  private tat = 0

  constructor(
    readonly bytesPerSecond: number,
    readonly burstMs = 0,
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError('bytesPerSecond must be positive')
  }

  /** ms to transmit `bytes` at this bucket's rate */
  costMs(bytes: number): number {
    return (bytes * 1000) / this.bytesPerSecond
  }

  /**
   * Reserves `bytes` now; returns the time (ms, on the `now` clock) at which
   * they have been transmitted. Reservations queue in call order.
   */
  reserve(bytes: number, now: number): number {
    const start = Math.max(this.tat, now - this.burstMs)
    this.tat = start + this.costMs(bytes)
    return Math.max(now, this.tat)
  }

  /** Gives back a reservation that was never sent (its connection closed). */
  refund(bytes: number, now: number): void {
    this.tat = Math.max(now - this.burstMs, this.tat - this.costMs(bytes))
  }

  /** ms from `now` until the bucket is idle */
  backlogMs(now: number): number {
    return Math.max(0, this.tat - now)
  }
}
