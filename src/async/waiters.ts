/** Promises that resolve on the next {@link wake}: "wait until something changed". */
export class WakeList {
  private list: (() => void)[] = []

  wait(): Promise<void> {
    return new Promise((resolve) => this.list.push(resolve))
  }

  wake(): void {
    for (const resolve of this.list.splice(0)) resolve()
  }
}

/** Waiters per index (e.g. readers waiting for a part to be on disk), each with its own AbortSignal. */
export class IndexWaiters {
  private readonly byIndex = new Map<number, (() => void)[]>()

  wait(index: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        this.byIndex.set(
          index,
          (this.byIndex.get(index) ?? []).filter((w) => w !== wake),
        )
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.byIndex.set(index, [...(this.byIndex.get(index) ?? []), wake])
    })
  }

  wake(index: number): void {
    const list = this.byIndex.get(index)
    this.byIndex.delete(index)
    for (const wake of list ?? []) wake()
  }

  wakeAll(): void {
    for (const index of [...this.byIndex.keys()]) this.wake(index)
  }
}
