import type { DownloadEngine, DownloadOptions } from '../../download/engine.js'
import type { MediaItem } from '../../media/media-item.js'
import type { DedupStore } from '../dedup-store.js'
import { fileIdentity } from '../file-identity.js'
import { appendFileLine } from '../manifest.js'
import { fileSizeAt, placeCopy } from '../place-file.js'
import { joinInside } from '../relative-path.js'
import type { FileJobData, FileJobResult, JobChat } from './job-data.js'

export interface FetchFileServices {
  engine: Pick<DownloadEngine, 'download'>
  /** the media of (chat, msg id) as Telegram gives it now (file references expire); undefined when gone */
  mediaItem(chat: JobChat, msgId: number, signal?: AbortSignal): Promise<MediaItem | undefined>
  dedup: Pick<DedupStore, 'lookup' | 'record' | 'noteDeduped'>
  /** passed to the engine (accounts, connections, …) */
  download?: Omit<DownloadOptions, 'path' | 'signal' | 'sha256'>
  signal?: AbortSignal
}

/** The message no longer carries that file (deleted, or its media replaced): trying again will not help. */
export class FileGoneError extends Error {
  override name = 'FileGoneError'
}

/**
 * The file job: puts one message's media at its path in the chat's folder.
 * A file the archive holds already (by identity) is linked from its copy;
 * else the engine downloads it (under a temporary name, renamed when whole)
 * and it is recorded with its SHA-256. Either way the chat's manifest gets a
 * `file` line. Running it again after a crash does no work twice.
 */
export async function fetchFile(data: FileJobData, services: FetchFileServices): Promise<FileJobResult> {
  const target = joinInside(data.out, data.relativePath)
  const known = services.dedup.lookup(data.identity)
  const present = known && (await fileSizeAt(known.path)) === known.size
  let result: FileJobResult
  if (known && present) {
    // a placement made by an earlier try is not counted again
    if (known.path !== target && (await placeCopy(known.path, target))) services.dedup.noteDeduped(known.size)
    result = { bytes: known.size, deduped: known.path !== target, sha256: known.sha256 }
  } else {
    const item = await services.mediaItem(data.chat, data.msgId, services.signal)
    if (!item || fileIdentity(item) !== data.identity)
      throw new FileGoneError(`message ${data.msgId} of ${data.chat.label} no longer has ${data.identity}`)
    const handle = services.engine.download(item, {
      ...services.download,
      path: target,
      sha256: true,
      signal: services.signal,
    })
    const done = await handle.result
    const sha256 = done.sha256 as string
    const archived = { identity: data.identity, path: target, size: done.size, sha256 }
    // a first copy found gone from disk is replaced by this one
    services.dedup.record({ ...archived, chatId: data.chat.channelId, msgId: data.msgId }, known?.path)
    result = { bytes: done.size, deduped: false, sha256 }
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
