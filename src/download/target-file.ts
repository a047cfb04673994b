import { constants } from 'node:fs'
import { type FileHandle, open, rename, stat } from 'node:fs/promises'

/**
 * The file being downloaded: `<path>.part`, sized up front without writing
 * (sparse), written at each part's offset, renamed to `path` when complete.
 */
export class TargetFile {
  private constructor(
    readonly path: string,
    readonly partialPath: string,
    private readonly handle: FileHandle,
    /** the `.part` file did not exist before: nothing of an earlier run is in it */
    readonly created: boolean,
  ) {}

  /** Opens (or creates) the `.part` file and gives it its final size; existing bytes are kept. */
  static async open(path: string, size: number): Promise<TargetFile> {
    const partialPath = `${path}.part`
    const created = (await existingSize(partialPath)) === undefined
    // O_NOFOLLOW: a symlink planted at the .part path must not redirect our writes
    const handle = await open(partialPath, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644)
    try {
      if ((await handle.stat()).size !== size) await handle.truncate(size)
    } catch (e) {
      await handle.close()
      throw e
    }
    return new TargetFile(path, partialPath, handle, created)
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    let done = 0
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, offset + done)
      done += bytesWritten
    }
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
    await this.handle.close()
  }

  /** Flushes, closes and gives the file its final name. */
  async finish(): Promise<void> {
    await this.handle.sync()
    await this.handle.close()
    await rename(this.partialPath, this.path)
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
