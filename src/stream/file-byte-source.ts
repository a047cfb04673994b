import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { type ByteSource, makeEtag } from './byte-source.js'

const CHUNK = 64 * 1024

export interface FileByteSourceOptions {
  mime?: string
  /** defaults to the file's own name */
  fileName?: string
}

/** A complete file on disk as a ByteSource; the file must not change while it is served. */
export async function fileByteSource(path: string, opts: FileByteSourceOptions = {}): Promise<ByteSource> {
  const info = await stat(path)
  if (!info.isFile()) throw new Error(`not a regular file: ${path}`)
  return {
    size: info.size,
    mime: opts.mime ?? 'application/octet-stream',
    fileName: opts.fileName ?? basename(path),
    etag: makeEtag(info.dev, info.ino, info.size, info.mtimeMs),
    lastModified: info.mtime,
    read: (start, endInclusive, signal) => readFileRange(path, start, endInclusive, signal),
  }
}

/** Bytes start..endInclusive of a file on disk, in chunks; stops early when `signal` aborts. */
export async function* readFileRange(
  path: string,
  start: number,
  endInclusive: number,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r')
  try {
    let position = start
    while (position <= endInclusive && !signal.aborted) {
      // a fresh buffer each time: the consumer may still hold the previous one
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, endInclusive - position + 1))
      const { bytesRead } = await file.read(buf, 0, buf.length, position)
      if (bytesRead === 0) throw new Error(`${path} is shorter than expected (ends at ${position})`)
      position += bytesRead
      yield buf.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}
