import { createHash, type Hash } from 'node:crypto'

/**
 * SHA-256 of a whole file whose parts arrive out of order: parts are hashed
 * as soon as every part before them is in. Parts ahead of the cursor wait in
 * memory up to a budget; beyond it, and for parts that were already on disk
 * (a resumed download), the bytes are read back from the file.
 */
const DEFAULT_BUDGET = 64 * 1024 * 1024

export class OrderedHasher {
  private readonly hash: Hash = createHash('sha256')
  private cursor = 0
  private readonly held = new Map<number, Uint8Array>()
  private heldBytes = 0
  /** parts known to be on disk but not held */
  private readonly onDisk = new Set<number>()
  private draining: Promise<void> = Promise.resolve()

  constructor(
    private readonly parts: number,
    private readonly readPart: (index: number) => Promise<Uint8Array>,
    private readonly opts: {
      /** bytes of parts ahead of the cursor held in memory (default 64 MiB) */
      budget?: number
      /** hears of each held part's bytes once hashed: nothing here reads them again */
      hashed?: (bytes: Uint8Array) => void
    } = {},
  ) {}

  /** A part was written; `bytes` may be kept until the cursor reaches it. */
  add(index: number, bytes?: Uint8Array): void {
    if (index < this.cursor) return
    if (bytes && this.heldBytes + bytes.length <= (this.opts.budget ?? DEFAULT_BUDGET)) {
      this.held.set(index, bytes)
      this.heldBytes += bytes.length
    } else this.onDisk.add(index)
    this.draining = this.draining.then(() => this.drain())
  }

  /** The hex digest once every part was added. */
  async digest(): Promise<string> {
    await this.draining
    if (this.cursor !== this.parts) throw new Error(`hashed ${this.cursor} of ${this.parts} parts`)
    return this.hash.digest('hex')
  }

  private async drain(): Promise<void> {
    for (;;) {
      const held = this.held.get(this.cursor)
      if (held) {
        this.held.delete(this.cursor)
        this.heldBytes -= held.length
        this.hash.update(held)
        this.opts.hashed?.(held)
      } else if (this.onDisk.delete(this.cursor)) {
        this.hash.update(await this.readPart(this.cursor))
      } else return
      this.cursor++
    }
  }
}
