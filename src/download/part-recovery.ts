import { setTimeout as sleep } from 'node:timers/promises'
import { deadline } from '../async/index.js'
import type { DcPool } from './dc-pool.js'
import { classifyFailure, DownloadError, type PartFailure } from './part-failure.js'
import type { PartFetcher } from './part-fetcher.js'
import type { Part } from './part-plan.js'
import type { PartSource } from './part-source.js'
import type { TaskHooks } from './task-hooks.js'

/** failures of one part before the download gives up */
const MAX_PART_FAILURES = 12
/** a part whose connection was lost waits this long before its next try, doubling per failure… */
const BACKOFF_FIRST_MS = 250
/** …up to this: 12 tries span about 40 s, so a DC resetting every connection is not asked 12 times at once */
const BACKOFF_MAX_MS = 5000
/** a file-reference renewal (shared by every part waiting on it) has this long */
const RENEWAL_DEADLINE_MS = 30_000
/**
 * re-imports in a row whose new key was refused before any answer: then the
 * login itself is in doubt and the download ends (one more than one, as two
 * losses can come close together and a re-import costs one round trip)
 */
const MAX_UNANSWERED_REIMPORTS = 2
/** failures only a key the DC accepted can get: Telegram answered on it */
const ANSWERED = new Set<PartFailure['kind']>(['flood', 'file-reference', 'migrate', 'cdn-fallback'])

/** What recovery acts on: the task's queue, its end, its fetcher and its engine hooks. */
export interface RecoveryContext {
  /** the part goes back in the queue, to be asked for again */
  putBack(index: number): void
  /** the download ends with this error */
  fail(error: Error): void
  signal: AbortSignal
  fetcher: PartFetcher
  hooks: TaskHooks
  /** waits `ms` (tests pass their own clock); rejects when `signal` aborts */
  sleep?(ms: number, signal: AbortSignal): Promise<void>
}

/**
 * What a download does about a failed part, by the kind of failure: wait out
 * a flood, renew the file reference, follow a migration, leave the CDN,
 * re-import a lost authorization (a new key refused before any answer
 * twice in a row is the end), retry a part up
 * to {@link MAX_PART_FAILURES} times, or give up.
 */
export class PartRecovery {
  private readonly failures = new Map<number, number>()
  /** account:DC pairs re-authorized whose new key has not been answered yet: how many times in a row */
  private readonly reauthorized = new Map<string, number>()
  /** the last file-reference generation told of, per source: one notice per renewal, not per part */
  private readonly toldGeneration = new Map<PartSource, number>()

  constructor(private readonly ctx: RecoveryContext) {}

  /**
   * `pool` answered a part request of `source` (with the part, or an error
   * only an authorized key gets): a key re-authorized there works, so losing
   * it again later is a new loss, not a refusal of the new key.
   */
  keyWorks(source: PartSource, pool: DcPool | undefined): void {
    if (
      this.reauthorized.size === 0 ||
      pool !== this.ctx.hooks.pool(source, this.ctx.fetcher.cdnDcOf(source))
    )
      return
    this.reauthorized.delete(this.authKeyOf(source))
  }

  private authKeyOf(source: PartSource): string {
    return `${source.account.label}:${this.ctx.fetcher.cdnDcOf(source) ?? source.dcId}`
  }

  retry(part: Part, error: unknown): void {
    if (this.count(part, error) > 0) this.ctx.putBack(part.index)
  }

  /** A failure more for `part`: its number, or 0 when that was one too many and the download ends. */
  private count(part: Part, error: unknown): number {
    const n = (this.failures.get(part.index) ?? 0) + 1
    this.failures.set(part.index, n)
    if (n <= MAX_PART_FAILURES) return n
    this.ctx.fail(
      new DownloadError(`part at ${part.offset} failed ${n} times, last: ${(error as Error).message}`),
    )
    return 0
  }

  /** The part's connection was lost: it goes back after a wait that doubles with each failure. */
  private async backOff(part: Part, error: Error): Promise<void> {
    const n = this.count(part, error)
    if (n === 0) return
    const ms = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (n - 1))
    const wait = this.ctx.sleep ?? ((t: number, signal: AbortSignal) => sleep(t, undefined, { signal }))
    try {
      await wait(ms, this.ctx.signal)
    } catch {
      return // the download is ending
    }
    this.ctx.putBack(part.index)
  }

  /**
   * `generation`: the file reference the failed request was sent with (by
   * default the current one): parts in flight with a reference renewed
   * since are just sent again.
   */
  async recover(
    source: PartSource,
    part: Part,
    failure: PartFailure,
    pool?: DcPool,
    generation = source.generation,
  ): Promise<void> {
    const signal = this.ctx.signal
    if (ANSWERED.has(failure.kind)) this.keyWorks(source, pool)
    switch (failure.kind) {
      case 'aborted':
        this.ctx.putBack(part.index)
        return
      case 'flood': {
        const cdnDc = this.ctx.fetcher.cdnDcOf(source)
        const pool = this.ctx.hooks.pool(source, cdnDc)
        pool.gate.close(failure.seconds)
        // a byte budget (premium) is met with fewer connections; a request rate, with a slower pace
        if (failure.premium) pool.slowDown()
        else pool.pacer.flooded(failure.seconds)
        this.ctx.hooks.notice({
          kind: failure.premium ? 'premium-wait' : 'flood-wait',
          message: `${failure.premium ? 'FLOOD_PREMIUM_WAIT' : 'FLOOD_WAIT'} ${failure.seconds} s on DC ${pool.dcId}`,
          dcId: pool.dcId,
          seconds: failure.seconds,
          account: source.account.label,
          method: cdnDc === undefined ? 'upload.getFile' : 'upload.getCdnFile',
        })
        this.ctx.putBack(part.index)
        return
      }
      case 'file-reference': {
        const renewal = deadline(RENEWAL_DEADLINE_MS, signal)
        try {
          await source.refresh(generation, renewal.signal)
          if (source.generation > (this.toldGeneration.get(source) ?? 0)) {
            this.toldGeneration.set(source, source.generation)
            this.ctx.hooks.notice({
              kind: 'file-reference',
              message: 'file reference renewed',
              dcId: source.dcId,
            })
          }
          this.ctx.putBack(part.index)
        } catch (e) {
          const why = classifyFailure(e, signal)
          // a lost connection on the way is retried with the part; Telegram refusing is the end
          if (why.kind === 'fatal')
            this.ctx.fail(
              new DownloadError(`cannot renew the file reference: ${why.error.message}`, {
                cause: why.error,
              }),
            )
          else if (why.kind !== 'aborted') this.retry(part, e)
        } finally {
          renewal.dispose()
        }
        return
      }
      case 'migrate':
        source.migrate(failure.dcId)
        this.ctx.hooks.notice({
          kind: 'migrate',
          message: `file lives on DC ${failure.dcId}`,
          dcId: failure.dcId,
        })
        this.ctx.putBack(part.index)
        return
      case 'cdn-fallback':
        this.ctx.fetcher.leaveCdn(source)
        this.ctx.hooks.notice({
          kind: 'cdn',
          message: 'CDN refused the file: fetching from the main DC',
          dcId: source.dcId,
        })
        this.ctx.putBack(part.index)
        return
      case 'auth-unregistered': {
        const cdnDcId = this.ctx.fetcher.cdnDcOf(source)
        const dcId = cdnDcId ?? source.dcId
        const key = this.authKeyOf(source)
        if (pool && pool !== this.ctx.hooks.pool(source, cdnDcId)) {
          // sent on a connection of the pool that was already replaced
          this.ctx.putBack(part.index)
          return
        }
        const unanswered = this.reauthorized.get(key) ?? 0
        if (unanswered >= MAX_UNANSWERED_REIMPORTS) {
          this.ctx.fail(
            new DownloadError(
              `account ${source.account.label}: DC ${dcId} rejected its key again after ${unanswered} new authorizations (log in again)`,
            ),
          )
          return
        }
        this.reauthorized.set(key, unanswered + 1)
        this.ctx.hooks.resetPool(source, dcId)
        this.ctx.hooks.notice({
          kind: 'reconnect',
          message: `DC ${dcId} forgot the authorization: importing it again`,
          dcId,
        })
        this.ctx.putBack(part.index)
        return
      }
      case 'connection':
        await this.backOff(part, failure.error)
        return
      case 'timeout':
      case 'transient':
      case 'resend':
        this.retry(part, failure.kind === 'timeout' ? new Error('timed out') : failure.error)
        return
      case 'fatal':
        this.ctx.fail(failure.error)
        return
    }
  }
}
