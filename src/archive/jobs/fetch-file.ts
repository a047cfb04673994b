import { sleep } from '../../async/index.js'
import type { DownloadHandle } from '../../download/download-handle.js'
import type { DownloadEngine, DownloadOptions } from '../../download/engine.js'
import { DownloadError } from '../../download/part-failure.js'
import { TgfetchError } from '../../errors/index.js'
import type { MediaItem } from '../../media/media-item.js'
import { MediaGoneError } from '../../media/resolve-error.js'
import type { DedupStore } from '../dedup-store.js'
import { fileIdentity } from '../file-identity.js'
import { appendFileLine } from '../manifest.js'
import { fileSizeAt, placeCopy } from '../place-file.js'
import { joinInside } from '../relative-path.js'
import { type FileJobData, type FileJobResult, fileJobId, type JobChat } from './job-data.js'
import { itemOfJob } from './job-location.js'

export interface FetchFileServices {
  engine: Pick<DownloadEngine, 'download'>
  /** the media of (chat, msg id) as Telegram gives it now, for a job queued without its location; undefined when gone */
  mediaItem(chat: JobChat, msgId: number, signal?: AbortSignal): Promise<MediaItem | undefined>
  dedup: Pick<DedupStore, 'lookup' | 'record' | 'noteDeduped' | 'claim' | 'unclaim'>
  /** passed to the engine (accounts, connections, …) */
  download?: Omit<DownloadOptions, 'path' | 'signal' | 'sha256'>
  /** how long a download's claim on its file outlives a dead worker (default 60 s; renewed every third of it) */
  claimMs?: number
  /** how often a job whose file another job is downloading looks again (default 1 s) */
  pollMs?: number
  signal?: AbortSignal
  /** each download the job starts, for progress and metrics */
  onDownload?(handle: DownloadHandle, item: MediaItem): void
}

/** The message no longer carries that file (deleted, or its media replaced): trying again will not help. */
export class FileGoneError extends TgfetchError {
  readonly category = 'telegram'
}

/** A download's claim on its file; renewed while it runs, so only a dead holder's expires. */
const claimMs = (services: FetchFileServices): number => services.claimMs ?? 60_000

/** Links the archived copy into place; undefined when the archive has no copy on disk. */
async function linkArchived(
  data: FileJobData,
  target: string,
  services: FetchFileServices,
): Promise<FileJobResult | undefined> {
  const known = await services.dedup.lookup(data.identity)
  if (!known || (await fileSizeAt(known.path)) !== known.size) return undefined
  // a placement made by an earlier try is not counted again
  if (known.path !== target && (await placeCopy(known.path, target)))
    await services.dedup.noteDeduped(known.size)
  return { bytes: known.size, deduped: known.path !== target, sha256: known.sha256 }
}

async function download(
  data: FileJobData,
  target: string,
  services: FetchFileServices,
): Promise<FileJobResult> {
  const item = data.location
    ? itemOfJob(data, data.location)
    : await services.mediaItem(data.chat, data.msgId, services.signal)
  const goneError = (): FileGoneError =>
    new FileGoneError(`message ${data.msgId} of ${data.chat.label} no longer has ${data.identity}`)
  if (!item || fileIdentity(item) !== data.identity) throw goneError()
  const handle = services.engine.download(item, {
    ...services.download,
    path: target,
    sha256: true,
    signal: services.signal,
  })
  services.onDownload?.(handle, item)
  const { size, sha256 } = await handle.result.catch((e: unknown) => {
    // the reference expired and the message no longer has the file: no retry will find it
    throw e instanceof DownloadError && e.cause instanceof MediaGoneError ? goneError() : e
  })
  if (sha256 === undefined) throw new Error('the engine gave no SHA-256')
  // a first copy found gone from disk is replaced by this one
  const gone = (await services.dedup.lookup(data.identity))?.path
  const archived = { identity: data.identity, path: target, size, sha256 }
  await services.dedup.record({ ...archived, chatId: data.chat.channelId, msgId: data.msgId }, gone)
  return { bytes: size, deduped: false, sha256 }
}

/**
 * The file job: puts one message's media at its path in the chat's folder.
 * A file the archive holds already (by identity) is linked from its copy;
 * else the engine downloads it (under a temporary name, renamed when whole)
 * and it is recorded with its SHA-256 — one job at a time per file: another
 * job of the same file waits for that copy. Either way the chat's manifest
 * gets a `file` line. Running it again after a crash does no work twice.
 */
export async function fetchFile(data: FileJobData, services: FetchFileServices): Promise<FileJobResult> {
  const target = joinInside(data.out, data.relativePath)
  const holder = fileJobId(data.identity, data.chat.channelId, data.out)
  let result = await linkArchived(data, target, services)
  const ms = claimMs(services)
  while (!result) {
    if (await services.dedup.claim(data.identity, holder, ms)) {
      // renewed from the claim on: asking Telegram for the message may take longer than the claim lasts;
      // a renewal that fails (Redis away) is made at the next beat
      const renew = setInterval(
        () => services.dedup.claim(data.identity, holder, ms).catch(() => false),
        ms / 3,
      )
      try {
        // the holder before us may have finished between the lookup and the claim
        result = (await linkArchived(data, target, services)) ?? (await download(data, target, services))
      } finally {
        clearInterval(renew)
        await services.dedup.unclaim(data.identity, holder)
      }
    } else {
      await sleep(services.pollMs ?? 1000, services.signal)
      result = await linkArchived(data, target, services)
    }
  }
  appendFileLine(data.out, {
    type: 'file',
    id: data.msgId,
    path: data.relativePath,
    sha256: result.sha256,
    deduped: result.deduped,
  })
  return result
}
