import { MAX_PART } from './part-plan.js'

/**
 * Page-aligned scratch buffers for O_DIRECT writes, which Linux refuses
 * (EINVAL) from memory that is not aligned to the disk's block size. Node's
 * Buffers are not; a WebAssembly.Memory is mapped whole pages at a time, so
 * slices of one at 4 KiB multiples are. Buffers are lent and given back, so
 * the same few pages carry every part to the disk.
 */
export const DIRECT_ALIGN = 4096

const WASM_PAGE = 65_536

/** Node has WebAssembly; the "ES" libs of this tsconfig do not describe it. */
const { Memory } = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } }
  }
).WebAssembly

export class AlignedBufferPool {
  private free: Uint8Array[] | undefined
  private readonly waiting: Array<(buffer: Uint8Array) => void> = []

  /**
   * @param bufferSize bytes per buffer, a multiple of 64 KiB
   * @param count buffers in all (carved out of one WebAssembly.Memory on first use);
   *   beyond them, `take()` waits for one to come back
   */
  constructor(
    readonly bufferSize: number,
    private readonly count: number,
  ) {
    if (bufferSize % WASM_PAGE !== 0) throw new RangeError('bufferSize must be a multiple of 64 KiB')
  }

  /**
   * A free buffer of `bufferSize` bytes, once one is free. Writes wait here
   * rather than pile up: the disk takes them a few at a time anyway.
   */
  take(): Promise<Uint8Array> {
    this.free ??= this.carve()
    const buffer = this.free.pop()
    if (buffer) return Promise.resolve(buffer)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Every `take()` is followed by one `give()` of the same buffer. */
  give(buffer: Uint8Array): void {
    const next = this.waiting.shift()
    if (next) next(buffer)
    else this.free?.push(buffer)
  }

  private carve(): Uint8Array[] {
    const memory = new Memory({ initial: (this.bufferSize / WASM_PAGE) * this.count })
    return Array.from(
      { length: this.count },
      (_, i) => new Uint8Array(memory.buffer, i * this.bufferSize, this.bufferSize),
    )
  }
}

/** Telegram's largest part: every part fits one buffer; four writes at a time keep the disk busy. */
export const directWriteBuffers = new AlignedBufferPool(MAX_PART, 4)
