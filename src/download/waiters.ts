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

/** Waiters per part index (readers waiting for a part to be on disk), each with its own AbortSignal. */
export class PartWaiters {
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

/** `promise`, or the signal's reason if it aborts first (for single-flight promises shared by callers with signals of their own). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}
