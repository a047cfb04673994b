import Long from 'long'
import type { MediaItem } from '../../media/media-item.js'
import type { FileJobData, JobLocation } from './job-data.js'

/** What a file job keeps of a listed item's location: plain JSON, the ids as decimal strings, the reference in base64. */
export function jobLocationOf(item: MediaItem): JobLocation | undefined {
  const loc = item.location
  if (loc._ !== 'inputDocumentFileLocation' && loc._ !== 'inputPhotoFileLocation') return undefined
  const kept: JobLocation = {
    dcId: item.dcId,
    id: loc.id.toString(),
    accessHash: loc.accessHash.toString(),
    fileReference: Buffer.from(loc.fileReference).toString('base64'),
  }
  if (loc._ === 'inputPhotoFileLocation') kept.photoSize = loc.thumbSize
  return kept
}

/**
 * The item a file job downloads, as its chat was listed. Its file reference
 * may have expired since: the engine renews it from the origin (the message)
 * when Telegram says so, so a job asks for its message only when it must.
 */
export function itemOfJob(data: FileJobData, location: JobLocation): MediaItem {
  const id = Long.fromString(location.id)
  const accessHash = Long.fromString(location.accessHash)
  const fileReference = new Uint8Array(Buffer.from(location.fileReference, 'base64'))
  const photo = location.photoSize !== undefined
  return {
    kind: photo ? 'photo' : 'document',
    size: data.size,
    mime: '',
    dcId: location.dcId,
    location: photo
      ? { _: 'inputPhotoFileLocation', id, accessHash, fileReference, thumbSize: location.photoSize ?? '' }
      : { _: 'inputDocumentFileLocation', id, accessHash, fileReference, thumbSize: '' },
    origin: {
      channel: {
        _: 'inputChannel',
        channelId: data.chat.channelId,
        accessHash: Long.fromString(data.chat.accessHash),
      },
      msgId: data.msgId,
    },
    date: 0,
    caption: '',
  }
}
