import { TgfetchError } from '../errors/index.js'

// the table lives in errors/ so that every error can carry its exit code
export { EXIT } from '../errors/index.js'

/** No account, or Telegram no longer accepts the account's login. */
export class AuthNeededError extends TgfetchError {
  readonly category = 'auth'
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    everything is on disk (downloaded now or already there)
  1    unexpected error
  2    bad input (link, flag, file, template); with --no-wait, a file another tgfetch is writing
  3    some links or files failed, the rest are done
  4    no usable account: run \`tgfetch login\`
  5    the proxy failed: unreachable, refused the connection or the credentials (check --proxy)
  6    no space left on the disk: what was written is kept; free some and run again to resume
  130  interrupted (Ctrl-C): run the same command again to resume`
