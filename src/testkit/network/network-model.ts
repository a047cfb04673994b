import { RpcError } from '../../mtproto/index.js'
import type { CallContext, DcServerOptions, Middleware } from '../../mtproto/server-role/index.js'
import { isFilePart } from '../../tl/index.js'
import { Accounting } from '../accounting/accounting.js'
import type { NetworkModel } from '../cluster/cluster.js'
import type { TestkitState } from '../cluster/state.js'
import { FaultInjector } from '../faults/injector.js'
import { checkGetFileRange } from '../get-file-rules.js'
import { accountOf, isPremium } from './account.js'
import { ConnectionCap } from './connection-cap.js'
import { PremiumBudgetMeter } from './premium-budget.js'
import { type NetworkProfile, rttOf } from './profiles.js'
import { FloodTracker, RateLimiter } from './rate-limit.js'
import { resultSize, Shaper } from './shaper.js'

type Request = Parameters<Middleware>[0]

/** Runs middleware in order, the first outermost. */
export function compose(stages: Middleware[]): Middleware {
  return (request, ctx, next) => {
    const run = (i: number): Promise<unknown> => {
      const stage = stages[i]
      return stage ? stage(request, ctx, () => run(i + 1)) : next()
    }
    return run(0)
  }
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)))

export interface TestkitNetworkOptions {
  profile: NetworkProfile
  /** seeds the random fault injector */
  seed?: number
}

/**
 * The testkit's {@link NetworkModel}: per DC, accounting + early-FLOOD_WAIT
 * detection → fault injection → shaping (RTT, bandwidth) → rate limits and
 * the free-account budget → the handler; hooks count bytes and cap
 * connections per auth key. Call {@link bind} with the cluster's state once
 * it runs, so calls count against logged-in users instead of auth keys.
 */
export class TestkitNetwork implements NetworkModel {
  readonly accounting = new Accounting()
  readonly faults: FaultInjector
  readonly floods = new FloodTracker()
  private readonly shaper: Shaper
  private readonly limiter: RateLimiter
  private readonly budget?: PremiumBudgetMeter
  private readonly caps = new Map<number, ConnectionCap>()
  private state?: TestkitState

  constructor(readonly opts: TestkitNetworkOptions) {
    const { profile } = opts
    this.faults = new FaultInjector(profile.faults, opts.seed ?? 1, this.accounting)
    this.shaper = new Shaper(profile, (ctx) => this.accountOf(ctx))
    this.limiter = new RateLimiter(profile.rateLimits)
    if (profile.premiumBudget) this.budget = new PremiumBudgetMeter(profile.premiumBudget)
  }

  get profile(): NetworkProfile {
    return this.opts.profile
  }

  bind(state: TestkitState): void {
    this.state = state
  }

  accountOf(ctx: CallContext): string {
    return accountOf(ctx, this.state)
  }

  middleware(dcId: number): Middleware {
    const stages: Middleware[] = [
      (request, ctx, next) => this.outer(request, ctx, next),
      this.faults.middleware(dcId),
    ]
    const shaping = this.shaper.middleware(dcId)
    if (shaping) stages.push(shaping)
    if (this.profile.rateLimits.length || this.budget) stages.push((r, c, n) => this.limits(r, c, n))
    return compose(stages)
  }

  hooks(dcId: number): DcServerOptions['hooks'] {
    let cap = this.caps.get(dcId)
    const max = this.profile.maxConnectionsPerAuthKey
    if (!cap && max !== null) {
      cap = new ConnectionCap(max, (connection, key) =>
        this.accounting.violation({
          kind: 'tooManyConnections',
          dcId,
          account: accountOf({ authKey: key } as CallContext, undefined),
          detail: `connection ${connection.id} beyond ${max} on one auth key`,
        }),
      )
      this.caps.set(dcId, cap)
    }
    return {
      onConnectionKey: cap ? (connection, key) => cap.onConnectionKey(connection, key) : undefined,
      onConnectionClose: (connection) => {
        cap?.onConnectionClose(connection)
        this.accounting.connectionClosed(connection)
      },
      onPacketSent: (connection, bytes) => this.accounting.packetSent(connection, bytes),
      pongDelayMs: rttOf(this.profile, dcId),
    }
  }

  /** accounting, getFile-range violations, early repeats of a FLOOD_WAIT */
  private async outer(request: Request, ctx: CallContext, next: () => Promise<unknown>): Promise<unknown> {
    const method = request._
    const account = this.accountOf(ctx)
    const { accounting } = this
    accounting.request(ctx.connection, account, method)
    if (method === 'upload.getFile' || method === 'upload.getCdnFile') {
      try {
        checkGetFileRange(asNumber(request.offset), asNumber(request.limit), request.precise === true)
      } catch (e) {
        const detail = `offset ${String(request.offset)} limit ${String(request.limit)}: ${(e as Error).message}`
        accounting.violation({ kind: 'getFileRange', dcId: ctx.dcId, account, method, detail })
      }
    }
    try {
      const now = Date.now()
      const rtt = this.profile.rttByDc?.[ctx.dcId] ?? this.profile.rttMs
      const early = this.floods.early(account, method, now, msgIdTimeMs(ctx.msgId), rtt / 2)
      if (early) {
        if (early.ignored)
          accounting.violation({
            kind: 'floodWaitIgnored',
            dcId: ctx.dcId,
            account,
            method,
            detail: early.error,
          })
        throw new RpcError(420, `${early.error}_${early.seconds}`)
      }
      const result = await next()
      const bytes = resultSize(result)
      accounting.answer(ctx.connection, account, bytes)
      const file = partFile(request, result)
      if (file) accounting.filePart({ account, file, offset: asNumber(request.offset), bytes })
      return result
    } catch (e) {
      if (e instanceof RpcError) {
        accounting.error(ctx.connection, account, e.text)
        if (e.seconds !== undefined && (e.kind === 'FLOOD_WAIT' || e.kind === 'FLOOD_PREMIUM_WAIT')) {
          this.floods.record(account, method, e.kind, e.seconds, Date.now())
        }
      }
      throw e
    }
  }

  /** request-rate limits (FLOOD_WAIT_X) and the free-account byte budget (FLOOD_PREMIUM_WAIT_X) */
  private async limits(request: Request, ctx: CallContext, next: () => Promise<unknown>): Promise<unknown> {
    const account = this.accountOf(ctx)
    const now = Date.now()
    const wait = this.limiter.check(account, request._, now)
    if (wait !== undefined) throw new RpcError(420, `FLOOD_WAIT_${wait}`)
    const metered =
      this.budget?.applies(request._) && !isPremium(account, this.state) ? this.budget : undefined
    const over = metered?.check(account, now)
    if (over !== undefined) throw new RpcError(420, `FLOOD_PREMIUM_WAIT_${over}`)
    const result = await next()
    metered?.record(account, resultSize(result), Date.now())
    return result
  }
}

/** The file a getFile/getCdnFile answer carried bytes of, or undefined (a redirect, another method). */
function partFile(request: Request, result: unknown): string | undefined {
  if (request._ !== 'upload.getFile' && request._ !== 'upload.getCdnFile') return undefined
  if (!carriesBytes(result)) return undefined
  if (request._ === 'upload.getCdnFile')
    return `cdn:${Buffer.from(request.fileToken as Uint8Array).toString('hex')}`
  const location = request.location as { _: string; id?: unknown }
  const kind = location._ === 'inputPhotoFileLocation' ? 'photo' : 'doc'
  return `${kind}:${String(location.id)}`
}

/** upload.file or upload.cdnFile, as an object or already serialized (the hot path) */
function carriesBytes(result: unknown): boolean {
  if (result instanceof Uint8Array) return isFilePart(result)
  return (
    typeof result === 'object' &&
    result !== null &&
    '_' in result &&
    (result._ === 'upload.file' || result._ === 'upload.cdnFile')
  )
}

/** When the client made a message, by its msg_id (unix time × 2^32), in ms. */
function msgIdTimeMs(msgId: CallContext['msgId']): number {
  return msgId.high * 1000 + ((msgId.low >>> 0) / 2 ** 32) * 1000
}
