import { sleep } from '../../async/index.js'
import type { CallContext, Middleware, ServerConnection } from '../../mtproto/server-role/index.js'
import { type TlObject, tlSize } from '../../tl/index.js'
import { type NetworkProfile, rttOf } from './profiles.js'
import { TokenBucket } from './token-bucket.js'

/** rpc_result + envelope + padding + transport framing, roughly, per answer */
export const ANSWER_OVERHEAD = 64

/** The byte size of a handler's result (serialized bytes, a Bool, or a TL object). */
export function resultSize(result: unknown): number {
  if (result instanceof Uint8Array) return result.length
  if (typeof result === 'boolean') return 4
  if (typeof result === 'object' && result !== null && '_' in result) return tlSize(result as TlObject)
  return 0
}

/**
 * Delays answers the way a link does: half the DC's RTT before the request
 * is handled, then the answer waits until a token bucket per connection and
 * one per account (shared by all its connections on all DCs) have let its
 * bytes through, then the other half of the RTT. Timers only; a closed
 * connection cancels the wait and gives its reservation back.
 */
export class Shaper {
  private readonly connBuckets = new WeakMap<ServerConnection, TokenBucket>()
  private readonly accountBuckets = new Map<string, TokenBucket>()

  constructor(
    readonly profile: NetworkProfile,
    private readonly accountOf: (ctx: CallContext) => string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private connBucket(connection: ServerConnection): TokenBucket | undefined {
    const rate = this.profile.connectionBytesPerSecond
    if (rate === null) return undefined
    let bucket = this.connBuckets.get(connection)
    if (!bucket) {
      bucket = new TokenBucket(rate, this.profile.burstMs ?? 0)
      this.connBuckets.set(connection, bucket)
    }
    return bucket
  }

  private accountBucket(account: string): TokenBucket | undefined {
    const rate = this.profile.accountBytesPerSecond
    if (rate === null) return undefined
    let bucket = this.accountBuckets.get(account)
    if (!bucket) {
      bucket = new TokenBucket(rate, this.profile.burstMs ?? 0)
      this.accountBuckets.set(account, bucket)
    }
    return bucket
  }

  /** The shaping middleware for one DC, or undefined if it would do nothing. */
  middleware(dcId: number): Middleware | undefined {
    const half = rttOf(this.profile, dcId) / 2
    const shapesBandwidth =
      this.profile.connectionBytesPerSecond !== null || this.profile.accountBytesPerSecond !== null
    if (half <= 0 && !shapesBandwidth) return undefined
    return async (_request, ctx, next) => {
      await sleep(half, ctx.signal)
      let result: unknown
      try {
        result = await next()
      } catch (e) {
        await sleep(half, ctx.signal)
        throw e
      }
      if (!shapesBandwidth) {
        await sleep(half, ctx.signal)
        return result
      }
      const bytes = resultSize(result) + ANSWER_OVERHEAD
      const now = this.now()
      const conn = this.connBucket(ctx.connection)
      const account = this.accountBucket(this.accountOf(ctx))
      const done = Math.max(conn?.reserve(bytes, now) ?? now, account?.reserve(bytes, now) ?? now)
      try {
        await sleep(done - now + half, ctx.signal)
      } catch (e) {
        const t = this.now()
        if (t < done) {
          conn?.refund(bytes, t)
          account?.refund(bytes, t)
        }
        throw e
      }
      return result
    }
  }
}
