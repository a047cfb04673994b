import { RpcError } from '../../mtproto/index.js'
import type { CallContext, Middleware } from '../../mtproto/server-role/index.js'
import type { Accounting } from '../accounting/accounting.js'
import type { FaultProbabilities } from '../network/profiles.js'
import { Prng } from '../world/prng.js'

/** Which requests a one-shot fault applies to. */
export interface FaultFilter {
  method?: string
  dcId?: number
  /** only requests for file bytes at or after this offset (upload.getFile, upload.getCdnFile) */
  fromOffset?: number
}

interface Rule extends FaultFilter {
  remaining: number
  seconds?: number
}

/** What the random injector may do to the cluster (wired by FaultControl). */
export interface FaultActions {
  garbage(dcId: number): void
  expireFileReferences(): void
  rotateSalts(dcId?: number): void
  /** logs out keys on this DC that act for a user whose home DC is another one */
  forgetImportedAuth(dcId: number, ctx?: CallContext): void
}

/** A request accepted and never answered: settles only when its connection closes. */
export function stall(ctx: CallContext): Promise<never> {
  return new Promise((_, reject) => {
    if (ctx.signal.aborted) reject(ctx.signal.reason)
    else ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true })
  })
}

/**
 * The per-request side of fault injection: one-shot rules (stall the next n
 * requests, FLOOD_WAIT the next n) and, for the hostile profile, random
 * faults rolled per request from a seeded PRNG so a run reproduces.
 */
export class FaultInjector {
  private readonly stalls: Rule[] = []
  private readonly floods: Rule[] = []
  private readonly prng: Prng
  actions?: FaultActions

  constructor(
    private readonly probabilities: FaultProbabilities | null,
    seed: number,
    private readonly accounting?: Accounting,
  ) {
    this.prng = new Prng(seed ^ 0x5eed)
  }

  stallNext(n: number, filter: FaultFilter = {}): void {
    this.stalls.push({ remaining: n, ...filter })
  }

  floodNext(n: number, seconds: number, filter: FaultFilter = {}): void {
    this.floods.push({ remaining: n, seconds, ...filter })
  }

  /** Forgets the stall and flood rules not used up yet (requests already stalled stay so). */
  clearRules(): void {
    this.stalls.length = 0
    this.floods.length = 0
  }

  private take(rules: Rule[], request: { _: string; offset?: unknown }, dcId: number): Rule | undefined {
    const i = rules.findIndex(
      (r) =>
        (r.method === undefined || r.method === request._) &&
        (r.dcId === undefined || r.dcId === dcId) &&
        (r.fromOffset === undefined || Number(request.offset ?? -1) >= r.fromOffset),
    )
    if (i < 0) return undefined
    const rule = rules[i]!
    if (--rule.remaining <= 0) rules.splice(i, 1)
    return rule
  }

  private roll(p: number | undefined): boolean {
    return p !== undefined && p > 0 && this.prng.next() < p
  }

  middleware(dcId: number): Middleware {
    return (request, ctx, next) => {
      if (this.stalls.length && this.take(this.stalls, request, dcId)) {
        this.accounting?.fault('stall')
        return stall(ctx)
      }
      const flood = this.floods.length ? this.take(this.floods, request, dcId) : undefined
      if (flood) {
        this.accounting?.fault('flood')
        return Promise.reject(new RpcError(420, `FLOOD_WAIT_${flood.seconds ?? 1}`))
      }
      return this.probabilities ? this.random(this.probabilities, ctx, next) : next()
    }
  }

  private random(p: FaultProbabilities, ctx: CallContext, next: () => Promise<unknown>): Promise<unknown> {
    const a = this.actions
    if (this.roll(p.drop)) {
      this.accounting?.fault('drop')
      ctx.connection.close()
      return stall(ctx)
    }
    if (this.roll(p.stall)) {
      this.accounting?.fault('stall')
      return stall(ctx)
    }
    if (this.roll(p.flood)) {
      this.accounting?.fault('flood')
      return Promise.reject(new RpcError(420, `FLOOD_WAIT_${p.floodSeconds ?? 1}`))
    }
    if (a && this.roll(p.garbage)) {
      this.accounting?.fault('garbage')
      a.garbage(ctx.dcId)
      return stall(ctx)
    }
    if (a && this.roll(p.expireFileReferences)) {
      this.accounting?.fault('expireFileReferences')
      a.expireFileReferences()
    }
    if (a && this.roll(p.rotateSalts)) {
      this.accounting?.fault('rotateSalts')
      a.rotateSalts(ctx.dcId)
    }
    if (a && this.roll(p.forgetAuth)) {
      this.accounting?.fault('forgetAuth')
      a.forgetImportedAuth(ctx.dcId, ctx)
    }
    return next()
  }
}
