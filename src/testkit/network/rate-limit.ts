import type { RateLimit } from './profiles.js'

/**
 * Request-rate limits per account and method over a sliding window. When a
 * request would exceed one, {@link check} returns the honest wait: whole
 * seconds until the oldest request in the window leaves it.
 */
export class RateLimiter {
  private readonly byMethod = new Map<string, RateLimit>()
  /** account|method → times (ms) of accepted requests, oldest first */
  private readonly log = new Map<string, number[]>()

  constructor(limits: RateLimit[]) {
    for (const l of limits) this.byMethod.set(l.method, l)
  }

  /** Seconds to wait (≥ 1) if this request is over the limit, else undefined (and the request counts). */
  check(account: string, method: string, now: number): number | undefined {
    const limit = this.byMethod.get(method)
    if (!limit) return undefined
    const key = `${account}|${method}`
    const windowMs = limit.perSeconds * 1000
    let times = this.log.get(key)
    if (!times) {
      times = []
      this.log.set(key, times)
    }
    let drop = 0
    while (drop < times.length && times[drop]! <= now - windowMs) drop++
    if (drop) times.splice(0, drop)
    if (times.length >= limit.requests) {
      const frees = times[times.length - limit.requests]! + windowMs
      return Math.max(1, Math.ceil((frees - now) / 1000))
    }
    times.push(now)
    return undefined
  }
}

/**
 * Remembers every FLOOD_WAIT handed out, per account and method, so a
 * request that comes back before its wait ran out is answered with the rest
 * of the wait — and reported as a violation when the client sent it after
 * the error must have reached it (requests already on their way when the
 * error left are no fault of the client's).
 */
export class FloodTracker {
  private readonly until = new Map<
    string,
    { at: number; issuedAt: number; error: 'FLOOD_WAIT' | 'FLOOD_PREMIUM_WAIT' }
  >()

  /** ms of slack for timer rounding before a request counts as early */
  constructor(readonly graceMs = 50) {}

  record(
    account: string,
    method: string,
    error: 'FLOOD_WAIT' | 'FLOOD_PREMIUM_WAIT',
    seconds: number,
    now: number,
  ): void {
    this.until.set(`${account}|${method}`, { at: now + seconds * 1000, issuedAt: now, error })
  }

  /**
   * An early repeat: the error to answer with its remaining seconds, and
   * whether it is a violation — sent (by its msg_id's time, `sentAt`) later
   * than the error can have reached the client: `transitMs` (the profile's
   * one way) plus the time this request itself took to arrive (`now -
   * sentAt`: a busy event loop or a full socket delays both ways alike).
   * Undefined if the wait is over.
   */
  early(
    account: string,
    method: string,
    now: number,
    sentAt = now,
    transitMs = 0,
  ): { error: string; seconds: number; ignored: boolean } | undefined {
    const key = `${account}|${method}`
    const entry = this.until.get(key)
    if (!entry) return undefined
    if (now >= entry.at - this.graceMs) {
      this.until.delete(key)
      return undefined
    }
    const wayOut = transitMs + Math.max(0, now - sentAt)
    const ignored = sentAt > entry.issuedAt + wayOut + this.graceMs
    return { error: entry.error, seconds: Math.max(1, Math.ceil((entry.at - now) / 1000)), ignored }
  }
}
