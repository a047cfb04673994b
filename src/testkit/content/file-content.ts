import { createHash } from 'node:crypto'
import { type FileHandle, open } from 'node:fs/promises'
import type { WorldFile } from '../world/types.js'
import { SyntheticContent } from './synthetic-content.js'

/** The bytes behind one world file, readable at any offset. */
export interface FileContent {
  readonly size: number
  /**
   * Writes bytes [offset, offset + length), clipped to the size, into
   * `target` at `at`; resolves with how many were written.
   */
  readInto(target: Uint8Array, at: number, offset: number, length: number): number | Promise<number>
}

/** Reads a range into a new buffer. */
export async function readRange(content: FileContent, offset: number, length: number): Promise<Uint8Array> {
  const n = Math.max(0, Math.min(content.size, offset + length) - offset)
  const out = new Uint8Array(n)
  if (n > 0) await content.readInto(out, 0, offset, n)
  return out
}

/** SHA-256 (hex) of a whole content, read in 1 MiB steps. */
export async function sha256Of(content: FileContent): Promise<string> {
  const hash = createHash('sha256')
  for (let pos = 0; pos < content.size; pos += 1024 * 1024)
    hash.update(await readRange(content, pos, 1024 * 1024))
  return hash.digest('hex')
}

/** A real file on disk (`WorldFile.path`), read with positional reads on one open descriptor. */
export class DiskContent implements FileContent {
  private handle?: Promise<FileHandle>

  constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  async readInto(target: Uint8Array, at: number, offset: number, length: number): Promise<number> {
    const end = Math.min(this.size, offset + length)
    if (end <= offset) return 0
    this.handle ??= open(this.path, 'r')
    const fd = await this.handle
    let done = 0
    while (done < end - offset) {
      const { bytesRead } = await fd.read(target, at + done, end - offset - done, offset + done)
      if (bytesRead === 0) throw new Error(`${this.path}: shorter than ${this.size} bytes`)
      done += bytesRead
    }
    return done
  }

  async close(): Promise<void> {
    const handle = this.handle
    this.handle = undefined
    if (handle) await (await handle).close()
  }
}

/** Every world file's content, created on first use: generated, or read from its path. */
export class FileContents {
  private readonly contents = new Map<string, FileContent>()

  of(file: WorldFile): FileContent {
    let content = this.contents.get(file.id)
    if (!content) {
      content = file.path ? new DiskContent(file.path, file.size) : new SyntheticContent(file.id, file.size)
      this.contents.set(file.id, content)
    }
    return content
  }

  /** Closes the descriptors of real files. */
  async close(): Promise<void> {
    const disk = [...this.contents.values()].filter((c): c is DiskContent => c instanceof DiskContent)
    this.contents.clear()
    await Promise.all(disk.map((c) => c.close()))
  }
}
