import type { Lease, LeaseRequest } from './pooled-connection.js'

interface Waiter {
  request: LeaseRequest
  resolve(lease: Lease): void
  reject(e: unknown): void
}

/** The requests waiting for a slot of a pool: higher priority first, then first come. */
export class LeaseQueue {
  private readonly waiters: Waiter[] = []

  get length(): number {
    return this.waiters.length
  }

  /** Waits in line until {@link serve} finds a slot; leaves the line if `signal` aborts. */
  wait(request: LeaseRequest, signal: AbortSignal): Promise<Lease> {
    const priority = request.priority ?? 0
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        request,
        resolve: (lease) => {
          signal.removeEventListener('abort', onAbort)
          resolve(lease)
        },
        reject: (e) => {
          signal.removeEventListener('abort', onAbort)
          reject(e)
        },
      }
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const at = this.waiters.findIndex((w) => (w.request.priority ?? 0) < priority)
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter)
    })
  }

  /**
   * Gives each waiter, in order, the lease `slot` finds for it; those it finds
   * none for keep their place (a capped download's connections may be full
   * while others are not).
   */
  serve(slot: (request: LeaseRequest) => Lease | undefined): void {
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i] as Waiter
      const lease = slot(waiter.request)
      if (!lease) {
        i++
        continue
      }
      this.waiters.splice(i, 1)
      waiter.resolve(lease)
    }
  }

  rejectAll(e: unknown): void {
    for (const w of this.waiters.splice(0)) w.reject(e)
  }
}
