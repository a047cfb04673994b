import type { DcPool } from './dc-pool.js'
import type { DownloadNotice } from './events.js'
import type { PartSource } from './part-source.js'

/** What a download gets from its engine: the pools, a reset, a place for notices. */
export interface TaskHooks {
  pool(source: PartSource, cdnDcId?: number): DcPool
  /** the account's key on this DC was rejected: close its connections there */
  resetPool(source: PartSource, dcId: number): void
  notice(notice: DownloadNotice): void
}
