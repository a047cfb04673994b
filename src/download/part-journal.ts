import { open, readFile, rename, rm } from 'node:fs/promises'

/** What a journal belongs to: anything else behind the same path starts over. */
export interface JournalIdentity {
  /** the media, stable across accounts and runs, e.g. `dc2:document:123456:1048576` (DC, id, size) */
  fileKey: string
  size: number
  partSize: number
  /** the data file's device and inode (TargetFile.identity): the journal vouches for that file's bytes only */
  dataFile: string
}

interface JournalFile extends JournalIdentity {
  version: 2
  /** bitmap of durable parts, base64 */
  done: string
}

/**
 * Which parts of a `.part` file are durable. Lives beside it in the work
 * folder as `<name>.journal` (work-files.ts), replaced atomically (write, fsync, rename), and is
 * only told a part is done after the data file was flushed — so after a
 * crash every part it names is really on disk.
 */
export class PartJournal {
  private readonly bits: Uint8Array
  private doneCount = 0

  private constructor(
    readonly path: string,
    readonly identity: JournalIdentity,
    readonly parts: number,
    bits?: Uint8Array,
  ) {
    this.bits = new Uint8Array(Math.ceil(parts / 8))
    if (bits && bits.length === this.bits.length) {
      this.bits.set(bits)
      for (let i = 0; i < parts; i++) if (this.has(i)) this.doneCount++
    }
  }

  /**
   * The journal at `path` if it belongs to `identity` — the same media, size
   * and data file — (its part size wins), else an empty one.
   */
  static async load(
    path: string,
    identity: JournalIdentity,
    parts: (partSize: number) => number,
  ): Promise<PartJournal> {
    const saved = await readJournal(path)
    if (
      saved &&
      saved.fileKey === identity.fileKey &&
      saved.size === identity.size &&
      saved.dataFile === identity.dataFile
    ) {
      const kept = { ...identity, partSize: saved.partSize }
      return new PartJournal(path, kept, parts(saved.partSize), Buffer.from(saved.done, 'base64'))
    }
    return new PartJournal(path, identity, parts(identity.partSize))
  }

  /** An empty journal for `identity` (the data file is new: an old journal would lie). */
  static fresh(path: string, identity: JournalIdentity, parts: (partSize: number) => number): PartJournal {
    return new PartJournal(path, identity, parts(identity.partSize))
  }

  /** The file key of the journal at `path`; undefined when there is none (or none to trust). */
  static async ownerAt(path: string): Promise<string | undefined> {
    return (await readJournal(path))?.fileKey
  }

  has(index: number): boolean {
    return ((this.bits[index >> 3] ?? 0) & (1 << (index & 7))) !== 0
  }

  get done(): number {
    return this.doneCount
  }

  get complete(): boolean {
    return this.doneCount === this.parts
  }

  /** Marks parts durable in memory; {@link save} writes them out. */
  mark(indexes: Iterable<number>): void {
    for (const i of indexes) {
      if (i < 0 || i >= this.parts || this.has(i)) continue
      this.bits[i >> 3] = (this.bits[i >> 3] ?? 0) | (1 << (i & 7))
      this.doneCount++
    }
  }

  /** Forgets a part (it failed verification). */
  unmark(index: number): void {
    if (!this.has(index)) return
    this.bits[index >> 3] = (this.bits[index >> 3] ?? 0) & ~(1 << (index & 7))
    this.doneCount--
  }

  async save(): Promise<void> {
    const body: JournalFile = {
      version: 2,
      ...this.identity,
      done: Buffer.from(this.bits).toString('base64'),
    }
    const temp = `${this.path}.tmp`
    const file = await open(temp, 'w', 0o644)
    try {
      try {
        await file.writeFile(JSON.stringify(body))
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(temp, this.path)
    } catch (e) {
      // a full disk: the last saved journal stands, and no half-written copy stays beside it
      await rm(temp, { force: true })
      throw e
    }
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true })
  }
}

async function readJournal(path: string): Promise<JournalFile | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  try {
    const j = JSON.parse(text) as Partial<JournalFile>
    const valid =
      j.version === 2 &&
      typeof j.fileKey === 'string' &&
      typeof j.dataFile === 'string' &&
      Number.isSafeInteger(j.size) &&
      Number.isSafeInteger(j.partSize) &&
      typeof j.done === 'string'
    return valid ? (j as JournalFile) : undefined
  } catch {
    return undefined // torn or foreign: start over rather than trust it
  }
}
