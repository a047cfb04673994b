import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A FLOOD_WAIT as a gate: once closed for X seconds, everyone who asks to
 * pass waits until the time is up — nothing is sent before it ends.
 */
export class FloodGate {
  private until = 0

  constructor(private readonly now: () => number = Date.now) {}

  /** Closes the gate for `seconds` from now (a longer wait already in force wins). */
  close(seconds: number): void {
    this.until = Math.max(this.until, this.now() + seconds * 1000)
  }

  /** ms until the gate opens; 0 when open */
  get remainingMs(): number {
    return Math.max(0, this.until - this.now())
  }

  /** Resolves when the gate is open; rejects if `signal` aborts first. */
  async pass(signal?: AbortSignal): Promise<void> {
    for (let ms = this.remainingMs; ms > 0; ms = this.remainingMs) {
      await sleep(ms, undefined, { signal })
    }
  }
}
