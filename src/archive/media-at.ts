import Long from 'long'
import { type MediaItem, mediaFromMessage } from '../media/media-item.js'
import type { ClientSession } from '../mtproto/index.js'
import type { JobChat } from './jobs/job-data.js'

/**
 * The media of message `msgId` as Telegram gives it now, with a fresh file
 * reference (a job may run days after its chat was listed); undefined when
 * the message or its media is gone.
 */
export async function mediaAt(
  session: ClientSession,
  chat: JobChat,
  msgId: number,
  signal?: AbortSignal,
): Promise<MediaItem | undefined> {
  const channel = {
    _: 'inputChannel' as const,
    channelId: chat.channelId,
    accessHash: Long.fromString(chat.accessHash),
  }
  const answer = await session.call(
    { _: 'channels.getMessages', channel, id: [{ _: 'inputMessageID', id: msgId }] },
    { signal },
  )
  if (answer._ === 'messages.messagesNotModified') return undefined
  const message = answer.messages.find((m) => m.id === msgId)
  return message && mediaFromMessage(message, { channel, msgId })
}
