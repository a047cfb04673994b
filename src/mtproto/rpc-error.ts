import { TgfetchError } from '../errors/index.js'

/**
 * An `rpc_error` from Telegram, with the values its message carries parsed out:
 * `FLOOD_WAIT_X` / `FLOOD_PREMIUM_WAIT_X` → {@link seconds}, `*_MIGRATE_X` → {@link dc}.
 */
export class RpcError extends TgfetchError {
  readonly category = 'telegram'
  /** the message without its numeric suffix, e.g. `FLOOD_WAIT` for `FLOOD_WAIT_42` */
  readonly kind: string
  readonly seconds?: number
  readonly dc?: number

  constructor(
    readonly code: number,
    readonly text: string,
    readonly method?: string,
  ) {
    super(`${code} ${text}${method ? ` (in ${method})` : ''}`)
    const m = /^(.*?)_(\d+)$/.exec(text)
    this.kind = m?.[1] ?? text
    const value = m ? Number(m[2]) : undefined
    if (value !== undefined) {
      if (/^FLOOD(_PREMIUM)?_WAIT$|^SLOWMODE_WAIT$|^TAKEOUT_INIT_DELAY$/.test(this.kind)) this.seconds = value
      if (/_MIGRATE$/.test(this.kind)) this.dc = value
    }
  }

  /** `FLOOD_WAIT_X` or `FLOOD_PREMIUM_WAIT_X` */
  get isFloodWait(): boolean {
    return this.kind === 'FLOOD_WAIT' || this.kind === 'FLOOD_PREMIUM_WAIT'
  }

  is(kind: string): boolean {
    return this.kind === kind || this.text === kind
  }
}

/** The connection or session failed in a way the protocol reports (bad_msg_notification and friends). */
export class MtprotoError extends TgfetchError {
  readonly category = 'protocol'
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message)
  }
}

/**
 * The server did not run a call and asked for it again (bad_server_salt, or a
 * bad_msg_notification the session has corrected), and the call was made with
 * `autoResend: false`: its caller sends it again when it may.
 */
export class ResendRequiredError extends MtprotoError {}

/** A call ran past its deadline. */
export class RpcTimeoutError extends TgfetchError {
  readonly category = 'network'
  constructor(
    readonly method: string,
    readonly ms: number,
  ) {
    super(`${method} timed out after ${ms} ms`)
  }
}
