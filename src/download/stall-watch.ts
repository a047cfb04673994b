/** What a download's silence calls for now (see {@link StallWatch.check}). */
export type StallVerdict = 'give up' | 'ask again' | 'wait'

/**
 * The rule for a download that hears nothing: at a quarter of the limit the
 * parts in flight are asked for again (once per silence — whatever they wait
 * for, a fresh request may not), past the limit the download gives up. A
 * silence that has a reason (paused, a FLOOD_WAIT being waited out) is not
 * one: the owner calls {@link heard} for it as for bytes.
 */
export class StallWatch {
  private lastHeardAt: number
  private askedAgain = false

  constructor(
    readonly limitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastHeardAt = now()
  }

  /** Bytes arrived, or nothing is expected to. */
  heard(): void {
    this.lastHeardAt = this.now()
  }

  get silentMs(): number {
    return this.now() - this.lastHeardAt
  }

  check(partsInFlight: number): StallVerdict {
    const silent = this.silentMs
    if (silent > this.limitMs) return 'give up'
    if (silent < this.limitMs / 4) {
      this.askedAgain = false
      return 'wait'
    }
    if (this.askedAgain || partsInFlight === 0) return 'wait'
    this.askedAgain = true
    return 'ask again'
  }
}
