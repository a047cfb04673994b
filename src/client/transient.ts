import { sleep } from '../async/index.js'
import { MtprotoError, ResendRequiredError, RpcError, RpcTimeoutError } from '../mtproto/index.js'
import { ConnectionClosedError, FramingError, TransportError } from '../transport/index.js'

export interface RetryOptions {
  signal?: AbortSignal
  /** tries in all (default 4) */
  tries?: number
  /** a FLOOD_WAIT up to this long is waited out and the work tried again (default 60 s) */
  maxFloodWaitSeconds?: number
  /** heard before each wait */
  onRetry?(error: Error, waitMs: number): void
}

/** Pause before try n+1 (n from 1) after a failure that was not a flood wait, ms. */
const backoffMs = (n: number): number => Math.min(4000, 250 * 2 ** n)

/** The connection died under the call: closed, reset, refused, garbage on the wire. */
export function isConnectionLost(e: unknown): boolean {
  return (
    // a call handed back to be sent again came through a live connection
    (e instanceof MtprotoError && !(e instanceof ResendRequiredError)) ||
    e instanceof TransportError ||
    e instanceof FramingError ||
    e instanceof ConnectionClosedError ||
    // ECONNRESET, ECONNREFUSED, EPIPE… from the socket
    (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string')
  )
}

/**
 * A failure another try may get past: a lost connection, a call with no
 * answer in time, Telegram having a bad moment (5xx). Anything Telegram
 * refused on purpose is not, nor a key the DC no longer knows (-404).
 */
export function isTransient(e: unknown): boolean {
  if (e instanceof RpcError) return e.code >= 500 || e.code === -503 || e.is('TIMEOUT')
  if (e instanceof TransportError && e.code === -404) return false
  return e instanceof RpcTimeoutError || e instanceof ResendRequiredError || isConnectionLost(e)
}

/**
 * `work()`, tried again after a transient failure (see {@link isTransient})
 * or a short FLOOD_WAIT. Only for work that may safely run twice: reads.
 */
export async function retryTransient<T>(work: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const tries = opts.tries ?? 4
  const maxFlood = opts.maxFloodWaitSeconds ?? 60
  for (let n = 1; ; n++) {
    try {
      return await work()
    } catch (e) {
      if (opts.signal?.aborted || n >= tries) throw e
      const flood = e instanceof RpcError && e.isFloodWait && (e.seconds ?? 0) <= maxFlood
      if (!flood && !isTransient(e)) throw e
      const waitMs = flood ? ((e as RpcError).seconds ?? 1) * 1000 : backoffMs(n)
      opts.onRetry?.(e as Error, waitMs)
      await sleep(waitMs, opts.signal)
    }
  }
}
