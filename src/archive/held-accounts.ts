import { setMaxListeners } from 'node:events'
import type { AccountLeases } from './account-lease.js'

/** One account a worker process may use: `key` names it in the leases (the same on every machine). */
export interface LeasableAccount<A> {
  key: string
  account: A
}

/** An account held now; `signal` aborts when its lease is lost to another worker. */
export interface HeldAccount<A> {
  key: string
  account: A
  signal: AbortSignal
}

export interface HeldAccountsOptions<A> {
  leases: AccountLeases
  accounts: LeasableAccount<A>[]
  /** this process's name in the leases */
  worker: string
  /** how long a lease outlives a dead worker; renewed every third of it */
  leaseMs: number
  /** an account taken or lost */
  onChange?(key: string, held: boolean): void
}

/**
 * The accounts this process holds, out of those it was given: each is
 * leased (one process at a time), renewed every leaseMs/3 and given back
 * on close; one held by another process is asked for again at each beat,
 * so a dead worker's accounts are taken over once its leases lapse. A
 * renewal that cannot reach the store keeps the account (nobody else can
 * take it while the store is down); one refused means another process has
 * it, and the jobs using it are aborted.
 */
export class HeldAccounts<A> {
  private readonly held = new Map<string, AbortController>()
  private timer: NodeJS.Timeout | undefined
  private beating: Promise<void> | undefined
  private next = 0

  constructor(private readonly opts: HeldAccountsOptions<A>) {}

  /** Takes what is free now, then keeps beating until {@link close}. */
  async start(): Promise<void> {
    await this.beat()
    this.timer = setInterval(() => {
      this.beating ??= this.beat().finally(() => {
        this.beating = undefined
      })
    }, this.opts.leaseMs / 3)
  }

  get size(): number {
    return this.held.size
  }

  /** The next held account in turn (spreading jobs over them), or undefined when none is held. */
  take(): HeldAccount<A> | undefined {
    const held = this.opts.accounts.filter((a) => this.held.has(a.key))
    if (held.length === 0) return undefined
    const a = held[this.next++ % held.length]!
    return { key: a.key, account: a.account, signal: this.held.get(a.key)!.signal }
  }

  private async beat(): Promise<void> {
    const { leases, worker, leaseMs } = this.opts
    for (const { key } of this.opts.accounts) {
      const mine = this.held.has(key)
      const ok = await (mine
        ? leases.renew(key, worker, leaseMs)
        : leases.acquire(key, worker, leaseMs)
      ).catch(() => mine)
      if (ok && !mine) {
        const lost = new AbortController()
        setMaxListeners(0, lost.signal)
        this.held.set(key, lost)
        this.opts.onChange?.(key, true)
      } else if (!ok && mine) {
        this.held.get(key)!.abort(new Error(`account ${key}: lease lost to another worker`))
        this.held.delete(key)
        this.opts.onChange?.(key, false)
      }
    }
  }

  /** Stops renewing and gives every held account back. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.beating
    for (const key of this.held.keys()) await this.opts.leases.release(key, this.opts.worker).catch(() => {})
    this.held.clear()
  }
}
