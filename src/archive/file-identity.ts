import type { MediaItem } from '../media/media-item.js'

/**
 * A file's identity from Telegram's own ids: `doc:<id>@<dc>` or
 * `photo:<id>@<dc>`. The same file reposted or forwarded into another chat
 * keeps its document (or photo) id, so the identity is what dedup looks up.
 * A photo's identity names no size: media items always carry its largest one.
 */
export function fileIdentity(item: Pick<MediaItem, 'location' | 'dcId'>): string {
  const loc = item.location
  switch (loc._) {
    case 'inputDocumentFileLocation':
      return `doc:${loc.id.toString()}@${item.dcId}`
    case 'inputPhotoFileLocation':
      return `photo:${loc.id.toString()}@${item.dcId}`
    default:
      throw new TypeError(`${loc._} is not a document or photo: it has no file identity`)
  }
}
