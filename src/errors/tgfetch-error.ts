import { EXIT, type ExitCode } from './exit-codes.js'

/** Each category of error and the code `tgfetch` exits with when one ends a command. */
const EXIT_CODE_OF = {
  /** the user gave something wrong: a flag, a link, a file, a template, a session, a proxy */
  input: EXIT.badInput,
  /** no usable account: log in (again) */
  auth: EXIT.authNeeded,
  /** Telegram answered with an error, or with something a step cannot go on from */
  telegram: EXIT.error,
  /** bytes or messages that break TL, MTProto, the transport, fake-TLS or a crypto check */
  protocol: EXIT.error,
  /** a connection closed, a proxy failed, a call ran past its deadline */
  network: EXIT.error,
  /** the proxy in between failed: unreachable, refused us or our credentials */
  proxy: EXIT.proxy,
  /** the disk is full (or the quota used up): free some space and run again */
  disk: EXIT.diskFull,
  /** a download, or one of its parts, failed or was cancelled */
  download: EXIT.error,
  /** the archive service: a job's lease lost, its queue out of reach */
  service: EXIT.error,
  /**
   * a value failed a library's check (a filter, a part size, a server list, a
   * profile, a path); commands turn the ones they expect into `input`
   */
  invalid: EXIT.error,
} as const satisfies Record<string, ExitCode>

export type ErrorCategory = keyof typeof EXIT_CODE_OF

/**
 * The base of every error tgfetch throws. Its field is `category`, not `kind`:
 * `RpcError` already has a `kind` (Telegram's error name without its number).
 */
export abstract class TgfetchError extends Error {
  abstract readonly category: ErrorCategory

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options)
    // the subclass's own name (UsageError, RpcError, …) without each class repeating it
    this.name = new.target.name
  }

  /** what `tgfetch` exits with when this error ends a command */
  get exitCode(): ExitCode {
    return EXIT_CODE_OF[this.category]
  }
}
