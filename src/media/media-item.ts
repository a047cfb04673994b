import type { tl } from '@mtcute/tl'

export type MediaKind = 'photo' | 'video' | 'document' | 'voice' | 'round' | 'sticker' | 'audio' | 'animation'

/** The usual extension (no dot) of each kind, for files without a name; a document has none of its own. */
export const KIND_EXTENSION: Readonly<Record<MediaKind, string>> = {
  photo: 'jpg',
  video: 'mp4',
  round: 'mp4',
  voice: 'ogg',
  audio: 'mp3',
  sticker: 'webp',
  animation: 'mp4',
  document: '',
}

/** Where a media item came from, so an expired file reference can be renewed. */
export interface MediaOrigin {
  channel: tl.RawInputChannel
  msgId: number
}

/** One downloadable file: what it is, where it lives, how to ask for it. */
export interface MediaItem {
  kind: MediaKind
  size: number
  mime: string
  /** the sender's file name, if the document had one (untrusted: sanitize before use) */
  fileName?: string
  dcId: number
  location: tl.TypeInputFileLocation
  origin: MediaOrigin
  /** message date, unix seconds */
  date: number
  groupedId?: string
  caption: string
}

function documentKind(doc: tl.RawDocument, media: tl.RawMessageMediaDocument): MediaKind {
  if (media.round) return 'round'
  if (media.voice) return 'voice'
  if (doc.attributes.some((a) => a._ === 'documentAttributeSticker')) return 'sticker'
  if (doc.attributes.some((a) => a._ === 'documentAttributeAnimated')) return 'animation'
  if (media.video || doc.attributes.some((a) => a._ === 'documentAttributeVideo')) return 'video'
  if (doc.attributes.some((a) => a._ === 'documentAttributeAudio')) return 'audio'
  return 'document'
}

/** Photo sizes from small to large; `photoSizeProgressive` counts its largest step. */
function sizeBytes(s: tl.TypePhotoSize): number {
  switch (s._) {
    case 'photoSize':
      return s.size
    case 'photoSizeProgressive':
      return Math.max(0, ...s.sizes)
    case 'photoCachedSize':
      return s.bytes.length
    default:
      return 0
  }
}

/** The media of one message as a downloadable item, or undefined when it has none. */
export function mediaFromMessage(message: tl.TypeMessage, origin: MediaOrigin): MediaItem | undefined {
  if (message._ !== 'message' || !message.media) return undefined
  const common = {
    origin,
    date: message.date,
    groupedId: message.groupedId?.toString(),
    caption: message.message,
  }
  const media = message.media
  if (media._ === 'messageMediaPhoto' && media.photo?._ === 'photo') {
    const photo = media.photo
    const largest = [...photo.sizes].sort((a, b) => sizeBytes(a) - sizeBytes(b)).at(-1)
    if (!largest || largest._ === 'photoSizeEmpty' || largest._ === 'photoPathSize') return undefined
    return {
      ...common,
      kind: 'photo',
      size: sizeBytes(largest),
      mime: 'image/jpeg',
      dcId: photo.dcId,
      location: {
        _: 'inputPhotoFileLocation',
        id: photo.id,
        accessHash: photo.accessHash,
        fileReference: photo.fileReference,
        thumbSize: largest.type,
      },
    }
  }
  if (media._ === 'messageMediaDocument' && media.document?._ === 'document') {
    const doc = media.document
    const name = doc.attributes.find((a) => a._ === 'documentAttributeFilename')
    return {
      ...common,
      kind: documentKind(doc, media),
      size: doc.size,
      mime: doc.mimeType,
      fileName: name?._ === 'documentAttributeFilename' ? name.fileName : undefined,
      dcId: doc.dcId,
      location: {
        _: 'inputDocumentFileLocation',
        id: doc.id,
        accessHash: doc.accessHash,
        fileReference: doc.fileReference,
        thumbSize: '',
      },
    }
  }
  return undefined
}
