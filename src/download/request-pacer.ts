import { setTimeout as sleep } from 'node:timers/promises'

/** What a pacer learned, kept between runs (per account and method). */
export interface PaceMemory {
  /** the requests/s learned for `method`, if any */
  recall(method: string): number | undefined
  remember(method: string, requestsPerSecond: number): void
}

/** below the rate that drew a FLOOD_WAIT by this much */
const MARGIN = 0.9
/** probing back up: the ceiling grows by this fraction of itself per second without a FLOOD_WAIT (1 % per 10 s) */
const PROBE_PER_SECOND = 0.001
/** the send rate is measured over this window before a FLOOD_WAIT */
const MEASURE_MS = 1000
/** requests in the window before a FLOOD_WAIT needed to learn a rate from it */
const MIN_SAMPLE = 4
/** a rate is measured over at least this long (a FLOOD_WAIT just after a wait ended) */
const MIN_SPAN_MS = 250
/** never slower than this, requests/s */
const FLOOR = 1

/**
 * Spaces one account's requests of one method evenly (no bursts) at a rate
 * learned from FLOOD_WAITs, AIMD-style: no limit until the first one; then
 * the rate sent in the second before it (or since the last wait ended),
 * times {@link MARGIN}, is the ceiling, which grows back slowly while no
 * FLOOD_WAIT comes. Shared by the
 * account's pools of the method; the {@link FloodGate} beside it still holds
 * everything back while a wait runs.
 */
export class RequestPacer {
  private ceiling: number | undefined
  private since = 0
  /** when the next request may go (a virtual schedule, so requests keep their spacing) */
  private nextAt = Number.NEGATIVE_INFINITY
  /** send times within the last {@link MEASURE_MS}, oldest first */
  private readonly sent: number[] = []
  /** FLOOD_WAITs before this time are echoes of one already learned from (requests that were in flight) */
  private quietUntil = 0

  constructor(
    private readonly method: string,
    private readonly memory?: PaceMemory,
    private readonly now: () => number = () => performance.now(),
  ) {
    const known = memory?.recall(method)
    if (known !== undefined && known > 0) {
      this.ceiling = known
      this.since = this.now()
    }
  }

  /** requests/s allowed now; Infinity before the first FLOOD_WAIT */
  get rate(): number {
    if (this.ceiling === undefined) return Number.POSITIVE_INFINITY
    const seconds = Math.max(0, this.now() - this.since) / 1000
    return this.ceiling * (1 + PROBE_PER_SECOND * seconds)
  }

  /** Takes a turn if one is free now (0), else says how many ms until the next one. */
  tryTake(): number {
    const now = this.now()
    const rate = this.rate
    if (rate === Number.POSITIVE_INFINITY) {
      this.record(now)
      return 0
    }
    if (this.nextAt > now) return this.nextAt - now
    const spacing = 1000 / rate
    // a late turn keeps the schedule (timers fire late), but an idle pacer saves up no turns: no burst after a pause
    this.nextAt = Math.max(this.nextAt, now - spacing / 2) + spacing
    this.record(now)
    return 0
  }

  /** Waits for a turn; rejects if `signal` aborts first. */
  async take(signal?: AbortSignal): Promise<void> {
    for (let ms = this.tryTake(); ms > 0; ms = this.tryTake()) await sleep(ms, undefined, { signal })
  }

  /**
   * A FLOOD_WAIT of `seconds` came: the rate sent just before it, less a
   * margin, is the ceiling from now on (answers to requests that were
   * already on their way while the wait runs are the same refusal).
   */
  flooded(seconds: number): void {
    const now = this.now()
    if (now < this.quietUntil) return
    // measured over the time requests could go: not across the last wait
    const from = Math.max(now - MEASURE_MS, this.quietUntil)
    this.quietUntil = now + seconds * 1000
    this.prune(now)
    const count = this.sent.filter((t) => t > from).length
    // a refusal after next to no requests says nothing about a rate
    if (count < MIN_SAMPLE) return
    const measured = (count * 1000) / Math.max(now - from, MIN_SPAN_MS)
    const before = Math.min(this.rate, measured)
    this.ceiling = Math.max(FLOOR, before * MARGIN)
    this.since = now
    // the wait itself is the gate's; after it, requests resume one spacing apart
    this.nextAt = now
    this.memory?.remember(this.method, this.ceiling)
  }

  private record(now: number): void {
    this.sent.push(now)
    this.prune(now)
  }

  private prune(now: number): void {
    let drop = 0
    while (drop < this.sent.length && (this.sent[drop] as number) <= now - MEASURE_MS) drop++
    if (drop) this.sent.splice(0, drop)
  }
}
