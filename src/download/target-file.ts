import { constants } from 'node:fs'
import { type FileHandle, open, rename, stat } from 'node:fs/promises'
import { DIRECT_ALIGN, directWriteBuffers } from './aligned-buffers.js'
import { inWorkDir, workFilesOf } from './work-files.js'

/** Writes bytes at an offset of the `.part` file (tests put a full disk in between). */
export type PartWrite = (offset: number, bytes: Uint8Array) => Promise<void>

/**
 * The file being downloaded: `.tgfetch/<name>.part` beside `path`, sized up front without writing
 * (sparse), written at each part's offset, renamed to `path` when complete.
 *
 * Whole aligned parts go to the disk with O_DIRECT where the system allows
 * it: a download is written once and rarely read back soon, and filling the
 * page cache with it costs more CPU than everything else the client does
 * (a gigabyte of fresh cache pages took 2.7 CPU-s on the bench machine,
 * O_DIRECT 0.05). Other writes, and every read, use the ordinary handle.
 */
export class TargetFile {
  /** cleared when the system turns O_DIRECT down after all (EINVAL) */
  private directWrites: boolean

  private constructor(
    readonly path: string,
    readonly partialPath: string,
    private readonly handle: FileHandle,
    /** the `.part` file did not exist before: nothing of an earlier run is in it */
    readonly created: boolean,
    /** the data file's device and inode: a journal written for another file must not vouch for this one */
    readonly identity: string,
    private readonly direct: FileHandle | undefined,
  ) {
    this.directWrites = direct !== undefined
  }

  /** Opens (or creates) the `.part` file and gives it its final size; existing bytes are kept. */
  static async open(path: string, size: number): Promise<TargetFile> {
    const partialPath = workFilesOf(path).partial
    const created = (await existingSize(partialPath)) === undefined
    // O_NOFOLLOW: a symlink planted at the .part path must not redirect our writes
    const handle = await inWorkDir(path, () =>
      open(partialPath, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644),
    )
    let identity: string
    try {
      const s = await handle.stat({ bigint: true })
      identity = `${s.dev}:${s.ino}`
      if (s.size !== BigInt(size)) await handle.truncate(size)
    } catch (e) {
      await handle.close()
      throw e
    }
    return new TargetFile(path, partialPath, handle, created, identity, await openDirect(partialPath))
  }

  /** Whole aligned parts still go past the page cache. */
  get bypassesCache(): boolean {
    return this.direct !== undefined && this.directWrites
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    if (
      this.direct &&
      this.directWrites &&
      offset % DIRECT_ALIGN === 0 &&
      bytes.length % DIRECT_ALIGN === 0 &&
      bytes.length <= directWriteBuffers.bufferSize
    ) {
      const scratch = await directWriteBuffers.take()
      try {
        scratch.set(bytes)
        await writeAll(this.direct, scratch.subarray(0, bytes.length), offset)
        return
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e
        this.directWrites = false
      } finally {
        directWriteBuffers.give(scratch)
      }
    }
    await writeAll(this.handle, bytes, offset)
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length)
    let done = 0
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return buffer.subarray(0, done)
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size
  }

  /** Flushes written data to the disk (not the metadata: the size was set at open). */
  flush(): Promise<void> {
    return this.handle.datasync()
  }

  async close(): Promise<void> {
    await this.direct?.close()
    await this.handle.close()
  }

  /** Flushes, closes and gives the file its final name. */
  async finish(): Promise<void> {
    await this.handle.sync()
    await this.close()
    await rename(this.partialPath, this.path)
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, offset: number): Promise<void> {
  let done = 0
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done)
    done += bytesWritten
  }
}

/** A second, write-only handle that bypasses the page cache, where the system and file system have one. */
async function openDirect(path: string): Promise<FileHandle | undefined> {
  const { O_DIRECT, O_WRONLY, O_NOFOLLOW } = constants
  if (O_DIRECT === undefined) return undefined
  try {
    return await open(path, O_WRONLY | O_DIRECT | O_NOFOLLOW)
  } catch {
    return undefined
  }
}

/** Bytes of a finished file. */
export async function readFinished(path: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(length)
    const { bytesRead } = await handle.read(buffer, 0, length, offset)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** The size of a finished file at `path`, or undefined. */
export async function existingSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path)
    return s.isFile() ? s.size : undefined
  } catch {
    return undefined
  }
}
