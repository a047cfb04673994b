import { setTimeout as sleep } from 'node:timers/promises'
import { untilAborted } from '../async/index.js'

/**
 * FLOOD_WAITs kept beyond one engine (the archive's account leases): an
 * account's waits are honoured by whichever process holds it next.
 * `until` is epoch ms; 0 when nothing is in force.
 */
export interface SharedFloods {
  floodUntil(account: string, method: string): Promise<number>
  setFloodUntil(account: string, method: string, until: number): Promise<void>
}

/** One gate's place in a {@link SharedFloods}. */
export interface SharedGate {
  floods: SharedFloods
  account: string
  method: string
}

/**
 * A FLOOD_WAIT as a gate: once closed for X seconds, everyone who asks to
 * pass waits until the time is up — nothing is sent before it ends. With a
 * shared store, each pass also asks it (one read for all who pass at once),
 * and each close is written to it.
 */
export class FloodGate {
  private until = 0
  private reading: Promise<void> | undefined

  constructor(
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedGate,
  ) {}

  /** Closes the gate for `seconds` from now (a longer wait already in force wins). */
  close(seconds: number): void {
    this.until = Math.max(this.until, this.now() + seconds * 1000)
    const s = this.shared
    // this process keeps the wait even if the store is unreachable; others learn it when it is back
    s?.floods.setFloodUntil(s.account, s.method, this.until).catch(() => {})
  }

  /** ms until the gate opens; 0 when open */
  get remainingMs(): number {
    return Math.max(0, this.until - this.now())
  }

  /** Resolves when the gate is open; rejects if `signal` aborts first. */
  async pass(signal?: AbortSignal): Promise<void> {
    for (;;) {
      for (let ms = this.remainingMs; ms > 0; ms = this.remainingMs) {
        await sleep(ms, undefined, { signal })
      }
      if (!this.shared) return
      this.reading ??= this.readShared().finally(() => {
        this.reading = undefined
      })
      await (signal ? untilAborted(this.reading, signal) : this.reading)
      if (this.remainingMs === 0) return
    }
  }

  private async readShared(): Promise<void> {
    const s = this.shared!
    // an unreachable store (Redis restarting) holds nobody up: what this process knows still holds
    const until = await s.floods.floodUntil(s.account, s.method).catch(() => 0)
    this.until = Math.max(this.until, until)
  }
}
