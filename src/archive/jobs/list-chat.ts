import type { tl } from '@mtcute/tl'
import Long from 'long'
import { parseFilter } from '../../media/filter-parse.js'
import { type MediaFilter, matchesFilter } from '../../media/media-filter.js'
import { type MediaItem, mediaFromMessage } from '../../media/media-item.js'
import { archiveName } from '../archive-name.js'
import type { DedupStore } from '../dedup-store.js'
import { fileIdentity } from '../file-identity.js'
import { Manifest } from '../manifest.js'
import { type ManifestMedia, type ManifestMessage, messageRecord } from '../manifest-record.js'
import type { JobOptions, JobQueue } from '../queue/job-queue.js'
import { type ChatJobData, type ChatJobResult, chatGroup, type FileJobData, fileJobId } from './job-data.js'
import { jobLocationOf } from './job-location.js'

export interface ListChatServices {
  queue: Pick<JobQueue, 'add' | 'get'>
  dedup: Pick<DedupStore, 'lookup'>
  /** the chat's messages after `afterId`, oldest first, a page at a time (`pagesAfter` on a leased account) */
  pages(data: ChatJobData, afterId: number): AsyncIterable<tl.TypeMessage[]>
  /** a pass stops after the page that reaches this many messages (default 5000); the next continues */
  maxMessages?: number
  /** retry policy of the file jobs added */
  fileJobOptions?: Omit<JobOptions, 'jobId'>
}

/** Adds the file job of one media item; the manifest's view of where it goes. */
async function addFileJob(
  data: ChatJobData,
  item: MediaItem,
  services: ListChatServices,
): Promise<{ media: ManifestMedia; added: boolean }> {
  const identity = fileIdentity(item)
  const jobId = fileJobId(identity, data.chat.channelId, data.out)
  const file: FileJobData = {
    identity,
    chat: data.chat,
    msgId: item.origin.msgId,
    out: data.out,
    relativePath: archiveName(item),
    size: item.size,
  }
  const location = jobLocationOf(item)
  if (location) file.location = location
  const added = await services.queue.add('file', file, {
    ...services.fileJobOptions,
    jobId,
    group: chatGroup(data.chat),
  })
  // the file was posted earlier in this chat (or this pass runs again): its one job places it
  const placed = added ? file : ((await services.queue.get<FileJobData>(jobId))?.data ?? file)
  const sha256 = (await services.dedup.lookup(identity))?.sha256
  const media: ManifestMedia = { path: placed.relativePath, size: item.size, identity }
  if (item.fileName !== undefined) media.name = item.fileName
  if (sha256 !== undefined) media.sha256 = sha256
  return { media, added }
}

/**
 * The chat job, one pass: lists the messages after `data.lastId`, adds a
 * file job per media item the filter takes and appends every message to the
 * chat's manifest (one page at a time: jobs first, so a pass cut short by a
 * crash loses nothing when it runs again). Watching is this job repeated.
 */
export async function listChat(data: ChatJobData, services: ListChatServices): Promise<ChatJobResult> {
  const filter: MediaFilter = data.filter ? parseFilter(data.filter) : {}
  const channel: tl.RawInputChannel = {
    _: 'inputChannel',
    channelId: data.chat.channelId,
    accessHash: Long.fromString(data.chat.accessHash),
  }
  const manifest = Manifest.open(data.out)
  const max = services.maxMessages ?? 5000
  const result: ChatJobResult = { lastId: data.lastId, messages: 0, filesAdded: 0, more: false }
  for await (const page of services.pages(data, data.lastId)) {
    const records: ManifestMessage[] = []
    for (const m of page) {
      result.lastId = Math.max(result.lastId, m.id)
      if (m._ !== 'message') continue
      result.messages++
      const item = mediaFromMessage(m, { channel, msgId: m.id })
      if (!item || !matchesFilter(item, filter)) {
        records.push(messageRecord(m))
        continue
      }
      const { media, added } = await addFileJob(data, item, services)
      if (added) result.filesAdded++
      records.push(messageRecord(m, media))
    }
    manifest.appendMessages(records)
    if (result.messages >= max) {
      result.more = true
      break
    }
  }
  return result
}
