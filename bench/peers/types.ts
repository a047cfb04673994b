export const CLIENTS = ['tgfetch', 'mtcute', 'gramjs'] as const
export type ClientName = (typeof CLIENTS)[number]

export const PROFILES = ['free', 'premium', 'lan'] as const
export type ProfileName = (typeof PROFILES)[number]

/** One client's download on one profile. */
export interface RunResult {
  client: ClientName
  profile: ProfileName
  /** the test account it logged in as */
  phone: string
  /** bytes downloaded (so far, when capped) */
  bytes: number
  expectedBytes: number
  /** wall-clock of the download only (login and resolving excluded) */
  seconds: number
  /** CPU over the download only */
  cpuSeconds: number
  /** the client process's peak resident set, whole process */
  peakRssMiB: number
  /** tgfetch only: the whole `get` process (start-up, resolving, download, exit) */
  getProcess?: { seconds: number; cpuSeconds: number }
  sha256?: string
  shaOk: boolean
  /** stopped at the cap: figures are what it had reached */
  capped: boolean
  error?: string
  /** what the testkit counted for this account: connections that carried its getFile calls, those calls, errors by string */
  server?: { connections: number; getFileRequests: number; errors: Record<string, number> }
  /** tgfetch only: the MB/s the CLI printed for the download itself (no process start, no resolving) */
  cliMBps?: number
}

export interface ProfileRun {
  profile: ProfileName
  /** the profile's accountBytesPerSecond (null: unlimited) */
  accountBytesPerSecond: number | null
  connectionBytesPerSecond: number | null
  results: RunResult[]
}
