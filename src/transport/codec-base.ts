import { ByteQueue } from './byte-queue.js'
import type { CodecOptions } from './codec.js'
import { DEFAULT_MAX_FRAME_SIZE, type Role } from './frame-util.js'

/** What every codec keeps: its role, the bytes received and not yet decoded, and its frame size limit. */
export abstract class CodecBase {
  protected readonly queue: ByteQueue
  protected readonly maxFrameSize: number

  /** `formatLimit`: the largest payload the transport's length field can describe. */
  constructor(
    protected readonly role: Role,
    opts: CodecOptions,
    formatLimit: number,
  ) {
    this.queue = ByteQueue.forRole(role)
    this.maxFrameSize = Math.min(opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE, formatLimit)
  }

  push(chunk: Uint8Array): void {
    this.queue.push(chunk)
  }
}
