import type { PremiumBudget } from './profiles.js'

/**
 * Telegram throttles free accounts that download fast with
 * FLOOD_PREMIUM_WAIT_X. Here: at most `bytes` of answers per account in any
 * `windowSeconds`; past that, the honest X is the seconds until enough old
 * answers leave the window to bring it back under the budget.
 */
export class PremiumBudgetMeter {
  private readonly methods: Set<string>
  /** account → answers (time ms, bytes), oldest first, and their sum */
  private readonly sent = new Map<string, { log: Array<[number, number]>; sum: number }>()

  constructor(readonly budget: PremiumBudget) {
    this.methods = new Set(budget.methods ?? ['upload.getFile', 'upload.getCdnFile'])
  }

  applies(method: string): boolean {
    return this.methods.has(method)
  }

  private prune(account: string, now: number): { log: Array<[number, number]>; sum: number } {
    let entry = this.sent.get(account)
    if (!entry) {
      entry = { log: [], sum: 0 }
      this.sent.set(account, entry)
    }
    const windowMs = this.budget.windowSeconds * 1000
    let drop = 0
    while (drop < entry.log.length && entry.log[drop]![0] <= now - windowMs)
      entry.sum -= entry.log[drop++]![1]
    if (drop) entry.log.splice(0, drop)
    return entry
  }

  /** Seconds to wait (≥ 1) if the account is over its budget, else undefined. */
  check(account: string, now: number): number | undefined {
    const entry = this.prune(account, now)
    if (entry.sum < this.budget.bytes) return undefined
    let sum = entry.sum
    for (const [at, bytes] of entry.log) {
      sum -= bytes
      if (sum < this.budget.bytes) {
        return Math.max(1, Math.ceil((at + this.budget.windowSeconds * 1000 - now) / 1000))
      }
    }
    return 1
  }

  record(account: string, bytes: number, now: number): void {
    const entry = this.prune(account, now)
    entry.log.push([now, bytes])
    entry.sum += bytes
  }
}
