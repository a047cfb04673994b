import { open, rename } from 'node:fs/promises'
import type { MediaItem } from '../media/media-item.js'
import type { ClientSession } from '../mtproto/index.js'
import { fetchParts } from './fetch-parts.js'

/**
 * Downloads one media item to `path`: parts written where they belong in a
 * `.part` file, flushed, and renamed to `path` only when complete.
 */
export async function saveMedia(
  session: ClientSession,
  item: MediaItem,
  path: string,
  opts: { signal?: AbortSignal; onBytes?: (n: number) => void } = {},
): Promise<{ path: string; size: number }> {
  const partial = `${path}.part`
  const file = await open(partial, 'w', 0o644)
  let written = 0
  try {
    const writes: Promise<unknown>[] = []
    await fetchParts([session], item.location, {
      size: item.size,
      partSize: 512 * 1024,
      signal: opts.signal,
      onPart(offset, bytes) {
        written += bytes.length
        opts.onBytes?.(bytes.length)
        writes.push(file.write(bytes, 0, bytes.length, offset))
      },
    })
    await Promise.all(writes)
    await file.sync()
  } finally {
    await file.close()
  }
  if (written !== item.size) throw new Error(`got ${written} of ${item.size} bytes`)
  await rename(partial, path)
  return { path, size: written }
}
