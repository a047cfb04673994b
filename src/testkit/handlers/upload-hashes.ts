import { createHash } from 'node:crypto'
import { type FileContent, readRange } from '../content/file-content.js'
import type { WorldFile } from '../world/types.js'
import type { FileHashEntry } from './upload-serialize.js'

/** Telegram hashes files in 128 KiB ranges. */
export const HASH_PART = 128 * 1024
/** fileHash entries per answer: 8, i.e. 1 MiB of the file from the requested offset. */
export const HASHES_PER_CALL = 8

/**
 * SHA-256 of each 128 KiB range of each file, computed when first asked for
 * and kept. The last range of a file is shorter; its `limit` says how long.
 */
export class FileHashes {
  private readonly cache = new Map<string, Map<number, Uint8Array>>()

  constructor(private readonly contentOf: (file: WorldFile) => FileContent) {}

  async part(file: WorldFile, index: number): Promise<FileHashEntry> {
    const offset = index * HASH_PART
    const limit = Math.min(HASH_PART, file.size - offset)
    let hashes = this.cache.get(file.id)
    if (!hashes) {
      hashes = new Map()
      this.cache.set(file.id, hashes)
    }
    let hash = hashes.get(index)
    if (!hash) {
      const bytes = await readRange(this.contentOf(file), offset, limit)
      hash = createHash('sha256').update(bytes).digest()
      hashes.set(index, hash)
    }
    return { offset, limit, hash }
  }

  /** The hashes of up to `count` ranges starting with the one holding `offset`. */
  async from(file: WorldFile, offset: number, count = HASHES_PER_CALL): Promise<FileHashEntry[]> {
    const first = Math.floor(Math.max(0, offset) / HASH_PART)
    const last = Math.min(first + count, Math.ceil(file.size / HASH_PART))
    const out: FileHashEntry[] = []
    for (let i = first; i < last; i++) out.push(await this.part(file, i))
    return out
  }
}
