import { randomBytes } from 'node:crypto'

export type FileReferenceCheck = 'ok' | 'expired' | 'invalid'

/**
 * File references as Telegram hands them out: opaque bytes tied to one media
 * item, valid for a while, renewed whenever the message is fetched again.
 */
export class FileReferences {
  private readonly issued = new Map<string, { mediaId: string; issuedAt: number }>()
  /** references issued before this instant (ms) are expired (fault injection) */
  private expiredBefore = 0

  constructor(
    /** seconds a reference stays valid; 0: forever */
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(mediaId: string): Uint8Array {
    const ref = randomBytes(16)
    ref[0] = 2 // Telegram's references start with a small type byte
    this.issued.set(ref.toString('hex'), { mediaId, issuedAt: this.now() })
    return ref
  }

  check(mediaId: string, ref: Uint8Array): FileReferenceCheck {
    const entry = this.issued.get(Buffer.from(ref).toString('hex'))
    if (!entry || entry.mediaId !== mediaId) return 'invalid'
    if (entry.issuedAt < this.expiredBefore) return 'expired'
    if (this.ttlSeconds > 0 && this.now() - entry.issuedAt > this.ttlSeconds * 1000) return 'expired'
    return 'ok'
  }

  /** Every reference handed out so far expires now. */
  expireAll(): void {
    this.expiredBefore = this.now() + 1
  }
}
