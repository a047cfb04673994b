import { rm } from 'node:fs/promises'
import { IndexWaiters, sleep } from '../async/index.js'
import type { MediaItem } from '../media/media-item.js'
import { recycleFrame } from '../transport/index.js'
import { fileKeyOf } from './file-key.js'
import { OrderedHasher } from './ordered-hasher.js'
import { PartJournal } from './part-journal.js'
import { type Part, partAt, partCount } from './part-plan.js'
import { type PartWrite, readFinished, TargetFile } from './target-file.js'
import { workFilesOf } from './work-files.js'

/**
 * One download's bytes on disk: the sparse `.part` file in the work folder, the journal of
 * durable parts, the parts written since the last flush, readers waiting for
 * a part, and the optional whole-file SHA-256. The task decides what to
 * fetch; this decides when a part counts as kept.
 */
export class PartStore {
  private readonly written = new Set<number>()
  /** writes under way: a stop waits for them before it journals */
  private readonly writing = new Set<Promise<void>>()
  /** the head's write (writeHead), which part 0's write waits for */
  private head: Promise<void> | undefined
  private readonly readers = new IndexWaiters()
  private saving: Promise<void> = Promise.resolve()
  private finishing: Promise<void> | undefined
  private finished = false
  /** bytes found done in the journal */
  readonly resumedBytes: number
  /** bytes the journal on disk vouches for: what a rerun would not fetch again */
  private journaledBytes: number
  private readonly writeAt: PartWrite

  private constructor(
    private readonly item: MediaItem,
    private readonly file: TargetFile,
    private readonly journal: PartJournal,
    private readonly hasher: OrderedHasher | undefined,
    wrapWrite: ((write: PartWrite) => PartWrite) | undefined,
  ) {
    let resumed = 0
    for (let i = 0; i < journal.parts; i++) if (journal.has(i)) resumed += this.partOf(i).length
    this.resumedBytes = resumed
    this.journaledBytes = resumed
    const write: PartWrite = (offset, bytes) => file.write(offset, bytes)
    this.writeAt = wrapWrite ? wrapWrite(write) : write
  }

  /**
   * Opens (or resumes) the download to `path`; a journal's part size wins over
   * `partSize`. `wrapWrite` goes around every write of part bytes.
   */
  static async open(
    item: MediaItem,
    path: string,
    partSize: number,
    sha256: boolean,
    wrapWrite?: (write: PartWrite) => PartWrite,
  ): Promise<PartStore> {
    const file = await TargetFile.open(path, item.size)
    const identity = { fileKey: fileKeyOf(item), size: item.size, partSize, dataFile: file.identity }
    const parts = (s: number): number => partCount(item.size, s)
    const journalPath = workFilesOf(path).journal
    // a new data file makes any old journal a lie
    const journal = file.created
      ? PartJournal.fresh(journalPath, identity, parts)
      : await PartJournal.load(journalPath, identity, parts)
    const size = journal.identity.partSize
    // a part's frame buffer carries the next frame once the part is written and hashed
    const hasher = sha256
      ? new OrderedHasher(
          journal.parts,
          (i) => {
            const p = partAt(i, item.size, size)
            return file.read(p.offset, p.length)
          },
          { hashed: recycleFrame },
        )
      : undefined
    for (let i = 0; i < journal.parts; i++) if (journal.has(i)) hasher?.add(i)
    return new PartStore(item, file, journal, hasher, wrapWrite)
  }

  get partSize(): number {
    return this.journal.identity.partSize
  }

  get parts(): number {
    return this.journal.parts
  }

  get done(): number {
    return this.journal.done
  }

  get complete(): boolean {
    return this.journal.complete
  }

  /** bytes on disk that the saved journal vouches for */
  get keptBytes(): number {
    return this.journaledBytes
  }

  /** every part is on disk (journaled, or written since the last save): {@link finish} may follow */
  get allWritten(): boolean {
    return this.journal.done + this.written.size >= this.journal.parts
  }

  /** durable in the journal: never fetched again */
  has(index: number): boolean {
    return this.journal.has(index)
  }

  partOf(index: number): Part {
    return partAt(index, this.item.size, this.partSize)
  }

  /**
   * Writes the file's first bytes ahead of part 0 (see HEAD_BYTES); never
   * journaled: part 0 writes them again, after this write.
   */
  writeHead(bytes: Uint8Array): void {
    const writing = this.writeAt(0, bytes).finally(() => this.writing.delete(writing))
    this.writing.add(writing)
    this.head = writing.catch(() => {})
  }

  /** Writes a fetched part where it belongs; it becomes durable at the next {@link save}. */
  async write(part: Part, bytes: Uint8Array): Promise<void> {
    if (part.offset === 0) await this.head
    const writing = this.writeAt(part.offset, bytes)
    this.writing.add(writing)
    try {
      await writing
    } finally {
      this.writing.delete(writing)
    }
    this.written.add(part.index)
    this.readers.wake(part.index)
    // the hasher may hold the bytes until the parts before are in; otherwise they are done with
    if (this.hasher) this.hasher.add(part.index, bytes)
    else recycleFrame(bytes)
  }

  /**
   * Bytes [offset, offset + length) once their part is on disk (at most up to
   * the part's end); `missing` hears of a part not there yet, to fetch it first.
   */
  async read(
    offset: number,
    length: number,
    signal: AbortSignal,
    missing: (index: number) => void,
  ): Promise<Uint8Array> {
    const index = Math.floor(offset / this.partSize)
    if (!this.finished && !this.journal.has(index) && !this.written.has(index)) {
      missing(index)
      await this.readers.wait(index, signal)
    }
    const end = Math.min(offset + length, (index + 1) * this.partSize, this.item.size)
    if (this.finishing) {
      // reads from here on wait for the rename and go to the final file
      await this.finishing
      return readFinished(this.file.path, offset, end - offset)
    }
    return this.file.read(offset, end - offset)
  }

  /** Flushes the data, then journals the parts written before the flush (one save at a time). */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (this.written.size === 0) return
      const batch = [...this.written]
      await this.file.flush()
      this.journal.mark(batch)
      for (const i of batch) this.written.delete(i)
      await this.journal.save()
      for (const i of batch) this.journaledBytes += this.partOf(i).length
    })
    return this.saving
  }

  /** Saves every `ms` until the returned function is called (which waits for a save under way; it starts none). */
  saveEvery(ms: number, onError: (e: Error) => void): () => Promise<void> {
    let running = true
    let wake: () => void = () => {}
    const stopped = new Promise<void>((r) => {
      wake = r
    })
    const loop = (async () => {
      while (running) {
        await Promise.race([sleep(ms), stopped])
        if (running) await this.save().catch(onError)
      }
    })()
    return async () => {
      running = false
      wake()
      await loop
    }
  }

  /** Checks the size, syncs, gives the file its name and drops the journal; the SHA-256 if asked for. */
  async finish(): Promise<{ size: number; sha256?: string }> {
    const sha256 = await this.hasher?.digest()
    const size = await this.file.size()
    if (size !== this.item.size) throw new Error(`file is ${size} bytes, expected ${this.item.size}`)
    this.finishing = this.file.finish()
    await this.finishing
    this.finished = true
    this.readers.wakeAll()
    await this.journal.remove()
    return { size, sha256 }
  }

  /**
   * Stops without finishing: what was written is saved for a later run. With
   * nothing journaled, the `.part` file (sized, all holes) and any journal go:
   * a rerun starts over either way.
   */
  async abandon(): Promise<void> {
    // one failed write (a full disk) may stop the download while others are still landing
    await Promise.allSettled(this.writing)
    await this.save().catch(() => {})
    await this.file.close().catch(() => {})
    if (this.journaledBytes === 0) {
      await rm(this.file.partialPath, { force: true })
      await this.journal.remove()
    }
  }
}
