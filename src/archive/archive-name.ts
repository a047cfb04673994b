import { extensionOf } from '../media/media-filter.js'
import { KIND_EXTENSION, type MediaItem } from '../media/media-item.js'

/**
 * Where a message's media goes inside its chat's folder: `<msg id>.<ext>`.
 * Nothing of the sender's name but an extension of plain letters and digits
 * (else the kind's usual one, else `bin`), so no name can leave the folder,
 * collide with another message's or fool a terminal. The sender's name is
 * kept in the manifest.
 */
export function archiveName(item: Pick<MediaItem, 'fileName' | 'kind' | 'origin'>): string {
  const ext = extensionOf(item)
  const safe = /^[a-z0-9]{1,10}$/.test(ext) ? ext : KIND_EXTENSION[item.kind] || 'bin'
  return `${item.origin.msgId}.${safe}`
}
