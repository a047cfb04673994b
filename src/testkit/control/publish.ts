import { randomBytes } from 'node:crypto'
import type { TestkitState } from '../cluster/state.js'
import { FileContents } from '../content/file-content.js'
import { pushNewChannelMessage } from '../handlers/channel-updates.js'
import { type DescribedMedia, describeMedia } from '../serve/describe.js'
import type { DcId, MediaKind, WorldChannel, WorldFile, WorldMedia } from '../world/types.js'
import { ControlError } from './control-error.js'

export const MEDIA_KINDS: readonly MediaKind[] = [
  'photo',
  'video',
  'document',
  'voice',
  'round',
  'sticker',
  'audio',
]

/** Telegram's largest file (premium): 4000 MiB. */
const MAX_SIZE = 4000 * 1024 * 1024

const MIME: Readonly<Record<MediaKind, string>> = {
  photo: 'image/jpeg',
  video: 'video/mp4',
  round: 'video/mp4',
  voice: 'audio/ogg',
  audio: 'audio/mpeg',
  sticker: 'image/webp',
  document: 'application/octet-stream',
}

/** A post to publish: its text and, optionally, one media of synthetic bytes. */
export interface PublishSpec {
  /** the channel or group: its username (with or without @) or its id */
  chat: string | number
  text?: string
  media?: {
    kind: MediaKind
    size: number
    /** the sender's file name (voice notes and round videos reach clients without one, as on Telegram) */
    name?: string
    mime?: string
    /** the DC storing the file (default 2) */
    dc?: number
  }
}

export interface PublishedPost {
  chat: string
  channelId: number
  id: number
  date: number
  text: string
  /** as the `--json` line describes media: the bytes' SHA-256 and the name tgfetch saves it under */
  media?: DescribedMedia
}

function channelNamed(state: TestkitState, chat: string | number): WorldChannel {
  const text = String(chat).trim().replace(/^@/, '')
  const channel = /^\d+$/.test(text) ? state.index.channel(Number(text)) : state.index.channelByUsername(text)
  if (!channel) throw new ControlError(`no chat "${text}" in the testkit's world`)
  return channel
}

/** A fresh positive TL long (decimal), for a media id or access hash. */
const randomLong = (): string => (randomBytes(8).readBigUInt64LE() >> 1n).toString()

function checkedMedia(media: NonNullable<PublishSpec['media']>): {
  media: WorldMedia
  file: WorldFile
} {
  if (!MEDIA_KINDS.includes(media.kind))
    throw new ControlError(`media kind must be one of ${MEDIA_KINDS.join(', ')}`)
  if (!Number.isSafeInteger(media.size) || media.size < 1 || media.size > MAX_SIZE)
    throw new ControlError(`media size must be a whole number of bytes from 1 to ${MAX_SIZE}`)
  const dc = media.dc ?? 2
  if (![1, 2, 3, 4, 5].includes(dc)) throw new ControlError('media dc must be 1 to 5')
  if (media.name !== undefined && (typeof media.name !== 'string' || media.name.length > 1024))
    throw new ControlError('media name must be a string of at most 1024 characters')
  const id = randomLong()
  const file: WorldFile = { id: `published-${id}`, size: media.size, dc: dc as DcId }
  const common = { id, accessHash: randomLong(), dc: dc as DcId, mime: media.mime ?? MIME[media.kind] }
  if (media.kind === 'photo')
    return {
      media: { ...common, kind: 'photo', sizes: [{ type: 'y', w: 1280, h: 853, fileId: file.id }] },
      file,
    }
  const shape =
    media.kind === 'video' || media.kind === 'round'
      ? { w: media.kind === 'round' ? 384 : 1280, h: media.kind === 'round' ? 384 : 720, duration: 10 }
      : media.kind === 'voice' || media.kind === 'audio'
        ? { duration: 10 }
        : {}
  return { media: { ...common, kind: media.kind, fileId: file.id, name: media.name, ...shape }, file }
}

/**
 * Posts in a chat now (the next message id, the cluster's date): clients that
 * read or watch the chat see it, its media downloadable like any other, and
 * the sessions that read the chat are told at once (updateNewChannelMessage).
 */
export async function publishPost(state: TestkitState, spec: PublishSpec): Promise<PublishedPost> {
  const channel = channelNamed(state, spec.chat)
  if (spec.text !== undefined && typeof spec.text !== 'string')
    throw new ControlError('text must be a string')
  const text = spec.text ?? ''
  const made = spec.media && checkedMedia(spec.media)
  if (!made && !text) throw new ControlError('a post needs text, media or both')
  const message = state.postMessage(channel.id, { text, media: made?.media }, made ? [made.file] : [])
  pushNewChannelMessage(state, channel, message.id)
  const contents = new FileContents()
  try {
    const media = await describeMedia(state.world, contents, channel, message)
    return {
      chat: channel.username ?? `c${channel.id}`,
      channelId: channel.id,
      id: message.id,
      date: message.date,
      text,
      media,
    }
  } finally {
    await contents.close()
  }
}
