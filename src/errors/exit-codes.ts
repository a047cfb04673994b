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
  /** no space left on the disk: what was written is kept, the same command resumes */
  diskFull: 6,
  /** Ctrl-C: state saved, the same command resumes */
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
