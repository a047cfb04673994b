import type { tl } from '@mtcute/tl'
import type { ClientSession } from '../mtproto/index.js'
import { MAX_PART } from './part-plan.js'

export interface FetchPartsOptions {
  size: number
  /** bytes per request: a power of two from 4 KiB to 1 MiB */
  partSize?: number
  /** requests in flight per session */
  inFlight?: number
  signal?: AbortSignal
  /** each part as it arrives, in any order */
  onPart(offset: number, bytes: Uint8Array): void
}

/**
 * Fetches a file with upload.getFile over several sessions, each keeping
 * several requests in flight. Parts never cross a 1 MiB boundary because the
 * part size divides 1 MiB.
 */
export async function fetchParts(
  sessions: ClientSession[],
  location: tl.TypeInputFileLocation,
  opts: FetchPartsOptions,
): Promise<void> {
  const partSize = opts.partSize ?? MAX_PART
  const inFlight = opts.inFlight ?? 4
  let next = 0
  const worker = async (session: ClientSession): Promise<void> => {
    while (next < opts.size) {
      const offset = next
      next += partSize
      const file = await session.call(
        { _: 'upload.getFile', location, offset, limit: partSize },
        { signal: opts.signal },
      )
      if (file._ !== 'upload.file') throw new Error(`unexpected ${file._}`)
      opts.onPart(offset, file.bytes)
    }
  }
  await Promise.all(sessions.flatMap((s) => Array.from({ length: inFlight }, () => worker(s))))
}
