import type { tl } from '@mtcute/tl'
import Long from 'long'

/** A message entity (bold, link, mention, …) as plain JSON: its TL name without the prefix, longs as strings. */
export type ManifestEntity = { type: string } & Record<string, string | number | boolean>

/** Where a message's media is archived, relative to the chat's folder. */
export interface ManifestMedia {
  path: string
  size: number
  identity: string
  /** the sender's file name (untrusted text: never used as a path) */
  name?: string
  /** known when the file was archived before the message was listed; else a `file` line follows */
  sha256?: string
}

/** One message of a chat, as `messages.jsonl` keeps it. */
export interface ManifestMessage {
  type: 'message'
  id: number
  /** ISO 8601, UTC */
  date: string
  /** the author's user (or channel) id; channel posts have none */
  senderId: number | null
  text: string
  entities: ManifestEntity[]
  replyToId: number | null
  topicId: number | null
  /** the album's id (messages of one album share it) */
  groupedId: string | null
  views: number | null
  media?: ManifestMedia
}

/** A file job's word on one message's media, appended when the file is in place. */
export interface ManifestFile {
  type: 'file'
  id: number
  path: string
  sha256: string
  /** linked from an earlier copy rather than downloaded */
  deduped: boolean
}

export type ManifestLine = ManifestMessage | ManifestFile

function peerId(peer: tl.TypePeer | undefined): number | null {
  if (!peer) return null
  return peer._ === 'peerUser' ? peer.userId : peer._ === 'peerChat' ? peer.chatId : peer.channelId
}

function entityOf(entity: tl.TypeMessageEntity): ManifestEntity {
  const { _: name, ...fields } = entity
  const out: ManifestEntity = { type: name.replace(/^messageEntity/, '').toLowerCase() }
  for (const [key, value] of Object.entries(fields)) {
    if (Long.isLong(value)) out[key] = value.toString()
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value
  }
  return out
}

/** The manifest record of one message (`media` when a file of it is archived). */
export function messageRecord(m: tl.RawMessage, media?: ManifestMedia): ManifestMessage {
  const reply = m.replyTo?._ === 'messageReplyHeader' ? m.replyTo : undefined
  // in a forum, a message that replies to nothing points at its topic's root
  const topicId = reply?.forumTopic ? (reply.replyToTopId ?? reply.replyToMsgId ?? null) : null
  const replyToId =
    reply?.forumTopic && reply.replyToTopId === undefined ? null : (reply?.replyToMsgId ?? null)
  return {
    type: 'message',
    id: m.id,
    date: new Date(m.date * 1000).toISOString(),
    senderId: peerId(m.fromId),
    text: m.message,
    entities: (m.entities ?? []).map(entityOf),
    replyToId,
    topicId,
    groupedId: m.groupedId?.toString() ?? null,
    views: m.views ?? null,
    ...(media ? { media } : {}),
  }
}
