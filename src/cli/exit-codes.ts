/** What `tgfetch` exits with; README documents the same table. */
export const EXIT = {
  /** everything asked for is on disk (downloaded or already there) */
  ok: 0,
  /** something unexpected (a bug, the disk, the network gave up) */
  error: 1,
  /** bad input: a link, a flag, a file, a template */
  badInput: 2,
  /** some files failed, the others are done */
  partial: 3,
  /** no usable account: log in (again) */
  authNeeded: 4,
  /** the proxy failed: unreachable, refused us (or our credentials), broke the handshake */
  proxy: 5,
  /** Ctrl-C: state saved, the same command resumes */
  interrupted: 130,
} as const

/** No account, or Telegram no longer accepts the account's login. */
export class AuthNeededError extends Error {
  override name = 'AuthNeededError'
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    everything is on disk (downloaded now or already there)
  1    unexpected error
  2    bad input (link, flag, file, template)
  3    some files failed, the rest are done
  4    no usable account: run \`tgfetch login\`
  5    the proxy failed: unreachable, refused the connection or the credentials (check --proxy)
  130  interrupted (Ctrl-C): run the same command again to resume`
