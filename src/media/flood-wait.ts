import { sleep } from '../async/index.js'
import { RpcError } from '../mtproto/index.js'

export interface FloodWaitOptions {
  signal?: AbortSignal
  /** told before each wait, with the seconds Telegram asked for */
  onWait?: (seconds: number) => void
  /** consecutive FLOOD_WAITs before giving up (default 10) */
  maxWaits?: number
}

/** A little more than asked: the server's clock and ours do not tick together. */
const MARGIN_MS = 300

/**
 * `call()` again after each FLOOD_WAIT_X / FLOOD_PREMIUM_WAIT_X, once the X
 * seconds Telegram asked for have passed; any other error is thrown as it is.
 */
export async function withFloodWait<T>(call: () => Promise<T>, opts: FloodWaitOptions = {}): Promise<T> {
  const maxWaits = opts.maxWaits ?? 10
  for (let waits = 0; ; waits++) {
    try {
      return await call()
    } catch (e) {
      if (!(e instanceof RpcError && e.isFloodWait && e.seconds !== undefined) || waits >= maxWaits) throw e
      opts.onWait?.(e.seconds)
      await sleep(e.seconds * 1000 + MARGIN_MS, opts.signal)
    }
  }
}
