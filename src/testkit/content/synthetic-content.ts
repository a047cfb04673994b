import { createCipheriv, createHash } from 'node:crypto'

/**
 * File content generated from a file id: an AES-256-CTR keystream keyed by
 * SHA-256 of the id. Any range can be produced (and checked) on its own, so
 * a 4 GB file needs no disk.
 */
export class SyntheticContent {
  private readonly key: Buffer

  constructor(
    readonly id: string,
    readonly size: number,
  ) {
    this.key = createHash('sha256').update(`tgfetch-testkit:${id}`).digest()
  }

  /** Bytes [offset, offset + length), clipped to the file's size. */
  read(offset: number, length: number): Uint8Array {
    const end = Math.min(this.size, offset + length)
    if (end <= offset) return new Uint8Array(0)
    const blockStart = Math.floor(offset / 16) * 16
    const iv = Buffer.alloc(16)
    const block = blockStart / 16
    iv.writeUInt32BE(Math.floor(block / 2 ** 32), 8)
    iv.writeUInt32BE(block >>> 0, 12)
    const cipher = createCipheriv('aes-256-ctr', this.key, iv)
    const out = cipher.update(Buffer.alloc(end - blockStart))
    return out.subarray(offset - blockStart)
  }

  /** SHA-256 of the whole content, streamed in 4 MiB steps. */
  sha256(): string {
    const hash = createHash('sha256')
    for (let pos = 0; pos < this.size; pos += 4 * 1024 * 1024) hash.update(this.read(pos, 4 * 1024 * 1024))
    return hash.digest('hex')
  }
}
