import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import type { ByteSource } from './byte-source.js'
import type { ByteRange } from './range-request.js'

/**
 * Writes `chunk`, and when the socket's buffer is full waits for 'drain' so the
 * source is pulled no faster than the client reads. Rejects when `signal`
 * aborts (the client went away).
 */
export async function writePaced(res: ServerResponse, chunk: Uint8Array, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  if (!res.write(chunk)) await once(res, 'drain', { signal })
}

/** Exactly the bytes of `range` from the source, whatever chunk sizes it yields. */
export async function pipeRange(
  source: ByteSource,
  range: ByteRange,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  let remaining = range.end - range.start + 1
  for await (const chunk of source.read(range.start, range.end, signal)) {
    const part = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk
    remaining -= part.length
    await writePaced(res, part, signal)
    if (remaining === 0) return
  }
  signal.throwIfAborted()
  throw new Error(`the source ended ${remaining} bytes before ${range.end + 1}`)
}
