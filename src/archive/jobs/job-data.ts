import { createHash } from 'node:crypto'
import type { FilterText } from '../../media/filter-parse.js'

/** A chat as job data carries it: plain JSON (the access hash as a decimal string). */
export interface JobChat {
  channelId: number
  accessHash: string
  /** for names and logs */
  label: string
}

/** The queue group of a chat's jobs (every folder it is archived into): paused, resumed, removed together. */
export const chatGroup = (chat: Pick<JobChat, 'channelId'>): string => `c${chat.channelId}`

/** A chat job: one pass over the posts after `lastId`. */
export interface ChatJobData {
  chat: JobChat
  topicId?: number
  /** which media get file jobs (every message goes into the manifest) */
  filter?: FilterText
  /** the chat's folder, absolute: media and messages.jsonl */
  out: string
  /** the last message id an earlier pass saw */
  lastId: number
  /** keep watching: the next pass is due this long after one that found no more (ms) */
  watchMs?: number
  /** passes before this one (the follow-up's id is the next pass's) */
  pass?: number
}

/** A short fixed-length tag of an archive folder, for job ids. */
const folderTag = (out: string): string => createHash('sha256').update(out).digest('hex').slice(0, 12)

/**
 * A chat pass's id: the chat, its folder and the pass number, so adding the
 * same pass twice (a rerun after a crash, `archive add` again) is a no-op.
 */
export function chatJobId(data: ChatJobData): string {
  return `chat:c${data.chat.channelId}:${folderTag(data.out)}#${data.pass ?? 0}`
}

export interface ChatJobResult {
  /** the newest message id seen: the next pass starts after it */
  lastId: number
  /** messages listed in this pass */
  messages: number
  /** file jobs added (a file already queued for this chat is not added again) */
  filesAdded: number
  /** the pass stopped at its limit: more messages wait after `lastId` */
  more: boolean
}

/** Where a listed file is and the file reference it came with (job-location.ts). */
export interface JobLocation {
  dcId: number
  /** the document's or photo's id and access hash, decimal */
  id: string
  accessHash: string
  /** base64 */
  fileReference: string
  /** a photo's size type (its largest); absent for a document */
  photoSize?: string
}

/** A file job: put one message's media at `relativePath` inside `out`. */
export interface FileJobData {
  identity: string
  chat: JobChat
  msgId: number
  out: string
  relativePath: string
  size: number
  /** as listed; absent in jobs queued before it was kept: those ask for their message first */
  location?: JobLocation
}

export interface FileJobResult {
  /** bytes put in place */
  bytes: number
  /** linked from an earlier copy rather than downloaded */
  deduped: boolean
  sha256: string
}

/**
 * A file job's id: the file's identity within one chat's folder. Adding it
 * twice (a rerun of the chat job) is a no-op; the same file in another chat,
 * or the same chat archived into another folder, is a job of its own, which
 * finds the identity archived and links it.
 */
export const fileJobId = (identity: string, channelId: number, out: string): string =>
  `${identity}>c${channelId}:${folderTag(out)}`
