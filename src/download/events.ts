/** What a download is doing right now. */
export type DownloadState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled'

/** One MTProto connection working for a download. */
export interface ConnectionStats {
  /** stable within one engine */
  id: number
  dcId: number
  account: string
  /** bytes this connection delivered to this download */
  bytes: number
  /** bytes per second, smoothed */
  speed: number
  /** smoothed round trip of one part request, ms */
  rttMs: number
  inFlight: number
}

export interface DownloadProgress {
  /** the handle's id, unique within one engine */
  id: number
  /** the final path */
  path: string
  size: number
  /** bytes on disk (resumed + fetched this run) */
  bytes: number
  /** bytes found done in the journal when the download started */
  resumedBytes: number
  /** bytes per second over the last seconds */
  speed: number
  /** seconds left at the current speed, undefined while unknown */
  etaSeconds?: number
  state: DownloadState
  connections: ConnectionStats[]
}

export interface DownloadResult {
  path: string
  size: number
  /** hex SHA-256 of the whole file as it is on disk, when asked for (`sha256: true`) */
  sha256?: string
  /** bytes taken from an earlier run's journal */
  resumedBytes: number
  /** bytes fetched more than once (bad hashes, lost writes) */
  refetchedBytes: number
  /** ms since the epoch */
  startedAt: number
  finishedAt: number
  /** fetched bytes / seconds, resumed bytes not counted */
  averageSpeed: number
  /** the CDN DC that sent parts of the file, when Telegram redirected it to one */
  cdnDcId?: number
}

/** Events a download handle emits, in this order: state changes and progress, then exactly one of done/error. */
export interface DownloadEvents {
  state: [DownloadState]
  progress: [DownloadProgress]
  done: [DownloadResult]
  error: [Error]
  /** something recoverable happened (a flood wait, a reconnect, a refreshed reference) */
  notice: [DownloadNotice]
}

export interface DownloadNotice {
  /**
   * `waiting`: another process is writing the same file; `resume`: an
   * earlier run's parts were found (`bytes` of them), the rest is fetched
   */
  kind:
    | 'flood-wait'
    | 'premium-wait'
    | 'reconnect'
    | 'file-reference'
    | 'hash-mismatch'
    | 'cdn'
    | 'migrate'
    | 'waiting'
    | 'resume'
  message: string
  dcId?: number
  seconds?: number
  /** the account it happened to (FLOOD_WAITs: the account told to wait) */
  account?: string
  /** FLOOD_WAITs: the method Telegram counts them for */
  method?: string
  /** `resume`: bytes already on disk */
  bytes?: number
}
