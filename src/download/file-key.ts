import type { MediaItem } from '../media/media-item.js'

/**
 * The same file for every account and every run: which DC, which document or
 * photo (and photo size), how big. A journal belongs to one file key.
 */
export function fileKeyOf(item: MediaItem): string {
  const loc = item.location
  switch (loc._) {
    case 'inputDocumentFileLocation':
      return `dc${item.dcId}:document:${loc.id.toString()}:${item.size}`
    case 'inputPhotoFileLocation':
      return `dc${item.dcId}:photo:${loc.id.toString()}:${loc.thumbSize}:${item.size}`
    default:
      return `dc${item.dcId}:${loc._}:${item.size}`
  }
}
