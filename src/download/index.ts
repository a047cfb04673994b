export { DiskFullError } from './disk-full.js'
export { DownloadCancelledError, DownloadHandle } from './download-handle.js'
export { DownloadEngine, type DownloadOptions, type EngineOptions } from './engine.js'
export type { EngineAccount } from './engine-account.js'
export type {
  ConnectionStats,
  DownloadEvents,
  DownloadNotice,
  DownloadProgress,
  DownloadResult,
  DownloadState,
} from './events.js'
export { fileKeyOf } from './file-key.js'
export { DownloadError } from './part-failure.js'
export { checkPartSize, defaultPartSize, MAX_PART } from './part-plan.js'
export type { StoredCheck } from './stored-check.js'
export type { PartWrite } from './target-file.js'
export { describeHolder, type LockHolder, TargetBusyError } from './target-lock.js'
export type { TargetState, TargetVerdict } from './target-state.js'
export { finalNameOf, WORK_DIR, type WorkFiles, workFilesOf } from './work-files.js'
