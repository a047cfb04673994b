import { WakeList } from '../async/index.js'

/**
 * The parts still to fetch: fresh ones in order from a starting part (0
 * unless a player seeks: {@link prefer}), then the ones before it; failed
 * parts go back in front of the fresh ones.
 */
export class PartQueue {
  private readonly taken: Uint8Array
  private from = 0
  /** scans from `from` to the end */
  private ahead = 0
  /** scans from 0 to `from` */
  private behind = 0
  private readonly retry: number[] = []
  private readonly putBacks = new WakeList()

  constructor(
    private readonly count: number,
    /** parts that need no fetching (done in an earlier run) */
    private readonly skip: (index: number) => boolean,
  ) {
    this.taken = new Uint8Array(count)
  }

  /** The next part to fetch, or undefined when none is left right now. */
  take(): number | undefined {
    const retry = this.retry.shift()
    if (retry !== undefined) return retry
    const fresh = this.peekFresh()
    if (fresh !== undefined) this.taken[fresh] = 1
    return fresh
  }

  /** Puts a part back (its request failed): it goes before the fresh ones. */
  putBack(index: number): void {
    if (!this.retry.includes(index)) {
      this.retry.push(index)
      this.retry.sort((a, b) => this.rank(a) - this.rank(b))
    }
    this.putBacks.wake()
  }

  /** From now on, fetch parts from `index` on first, then the ones before it. */
  prefer(index: number): void {
    this.from = Math.max(0, Math.min(index, this.count - 1))
    this.ahead = this.from
    this.behind = 0
    this.retry.sort((a, b) => this.rank(a) - this.rank(b))
  }

  get empty(): boolean {
    return this.retry.length === 0 && this.peekFresh() === undefined
  }

  /** Resolves when a part is put back. */
  changed(): Promise<void> {
    return this.putBacks.wait()
  }

  private rank(index: number): number {
    return index >= this.from ? index - this.from : this.count + index
  }

  private open(i: number): boolean {
    return this.taken[i] === 0 && !this.skip(i)
  }

  private peekFresh(): number | undefined {
    while (this.ahead < this.count && !this.open(this.ahead)) this.ahead++
    if (this.ahead < this.count) return this.ahead
    while (this.behind < this.from && !this.open(this.behind)) this.behind++
    return this.behind < this.from ? this.behind : undefined
  }
}
