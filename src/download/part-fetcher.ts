import { createDecipheriv } from 'node:crypto'
import { cdnPartIv } from '../crypto/index.js'
import { TgfetchError } from '../errors/index.js'
import { ResendRequiredError } from '../mtproto/index.js'
import type { ConnectionCap } from './connection-cap.js'
import type { DcPool } from './dc-pool.js'
import { HashBook, type RangeHash } from './hash-book.js'
import { classifyFailure, ShortPartError } from './part-failure.js'
import { headOf, type Part } from './part-plan.js'
import type { PartSource } from './part-source.js'
import type { Lease } from './pooled-connection.js'

export interface PartFetcherOptions {
  /** check parts against upload.getFileHashes (CDN parts are always checked) */
  verify: boolean
  /** accept CDN redirects */
  cdn: boolean
  pool(source: PartSource, cdnDcId?: number): DcPool
  /** the download's own limit on connections, for every request it makes */
  cap?: ConnectionCap
}

/** A part request failed: `cause` is what went wrong, `pool` where, `generation` with which file reference. */
export class PartRequestFailed extends TgfetchError {
  readonly category = 'download'
  constructor(
    override readonly cause: unknown,
    readonly pool: DcPool,
    readonly generation: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

/** A CDN can ask for the same part to be re-uploaded more than once in a row, but not forever. */
const MAX_REUPLOADS = 3
/** times a small request is sent again when the server asks for it again */
const MAX_RESENDS = 3

/**
 * Fetches one part the way its source says: upload.getFile on the file's DC,
 * or upload.getCdnFile on a CDN DC with AES-256-CTR decryption and
 * re-uploads. Checks the bytes against Telegram's hashes and settles the
 * lease it was given; failures are thrown for the task to sort out.
 */
export class PartFetcher {
  /** hashes are of the plain file, so the master DC's and the CDN's are one book */
  private readonly hashes = new HashBook()
  /** the CDN DCs that delivered parts, for the result */
  readonly cdnDcsUsed = new Set<number>()

  constructor(private readonly opts: PartFetcherOptions) {}

  cdnDcOf(source: PartSource): number | undefined {
    return source.cdn?.dcId
  }

  leaveCdn(source: PartSource): void {
    source.cdn = undefined
    source.cdnRefused = true
  }

  /**
   * Rejects with {@link PartRequestFailed}, saying which pool the failed
   * request went through. Each request goes out in the same tick as the
   * pool's last `clear`: a FLOOD_WAIT handled between an `await` and the
   * send would otherwise not hold it back.
   */
  async fetch(
    source: PartSource,
    part: Part,
    lease: Lease,
    signal: AbortSignal,
    /** hears the part's first bytes ahead of the part (see HEAD_BYTES); unchecked, and only if they come */
    onHead?: (bytes: Uint8Array) => void,
  ): Promise<Uint8Array> {
    let current = lease
    // a renewal may finish while this request is on its way: its failure is then no news
    const generation = source.generation
    try {
      // the route may have changed (a redirect, a migrate) since the lease was taken
      const pool = this.opts.pool(source, source.cdn?.dcId)
      if (current.pool !== pool) {
        current.release()
        current = await pool.acquire(signal, { partSize: part.limit, cap: this.opts.cap })
      }
      const bytes = source.cdn
        ? await this.fromCdn(source, part, current, signal)
        : await this.fromDc(source, part, current, signal, onHead)
      // fromDc follows a redirect: the route after the call is the one that answered
      const cdnDcId = source.cdn?.dcId
      if (bytes.length !== part.length) throw new ShortPartError(part.offset, bytes.length, part.length)
      if (this.opts.verify || source.cdn)
        await this.hashes.verify(
          part.offset,
          bytes,
          (offset, s) => this.hashesFrom(source, offset, s),
          signal,
        )
      if (cdnDcId !== undefined) this.cdnDcsUsed.add(cdnDcId)
      return bytes
    } catch (e) {
      throw new PartRequestFailed(e, current.pool, generation)
    } finally {
      current.release()
    }
  }

  /**
   * The file's `head` (see headOf), asked on `source`'s pool at once: before its download has a name,
   * a lock and a journal. Undefined if it does not come (the download's part 0 brings those bytes).
   */
  async fetchHead(source: PartSource, head: Part, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const lease = await this.opts.pool(source).acquire(signal, { partSize: head.limit })
    try {
      const { location } = await source.current(signal)
      for (let wait = lease.pool.clear(signal); wait; wait = lease.pool.clear(signal)) await wait
      const answer = await source.getFile(lease.connection.session, location, head, {
        signal,
        timeoutMs: lease.timeoutMs,
        cdnSupported: this.opts.cdn,
      })
      return answer._ === 'upload.file' && answer.bytes.length === head.length ? answer.bytes : undefined
    } catch {
      return undefined
    } finally {
      lease.release()
    }
  }

  private async fromDc(
    source: PartSource,
    part: Part,
    lease: Lease,
    signal: AbortSignal,
    onHead?: (bytes: Uint8Array) => void,
  ): Promise<Uint8Array> {
    const { location } = await source.current(signal)
    for (let wait = lease.pool.clear(signal); wait; wait = lease.pool.clear(signal)) await wait
    const head = onHead && headOf(part)
    // just before the part on the same connection, so it is answered first; its failure is the part's to meet
    if (head)
      source
        .getFile(lease.connection.session, location, head, {
          signal,
          timeoutMs: lease.timeoutMs,
          cdnSupported: this.opts.cdn,
        })
        .then(
          (answer) => {
            if (answer._ === 'upload.file' && answer.bytes.length === head.length) onHead(answer.bytes)
          },
          () => {},
        )
    const started = performance.now()
    const answer = await this.settleOn(
      lease,
      signal,
      source.getFile(lease.connection.session, location, part, {
        signal,
        timeoutMs: lease.timeoutMs,
        cdnSupported: this.opts.cdn,
      }),
    )
    if (answer._ === 'upload.file') {
      lease.done(answer.bytes.length, performance.now() - started)
      return answer.bytes
    }
    lease.release()
    source.cdn = {
      dcId: answer.dcId,
      fileToken: answer.fileToken,
      key: answer.encryptionKey,
      iv: answer.encryptionIv,
    }
    this.hashes.add(answer.fileHashes)
    const cdnLease = await this.opts
      .pool(source, answer.dcId)
      .acquire(signal, { partSize: part.limit, cap: this.opts.cap })
    try {
      return await this.fromCdn(source, part, cdnLease, signal)
    } finally {
      cdnLease.release()
    }
  }

  private async fromCdn(
    source: PartSource,
    part: Part,
    lease: Lease,
    signal: AbortSignal,
  ): Promise<Uint8Array> {
    const route = source.cdn
    if (!route) throw new Error('no CDN route')
    for (let attempt = 0; ; attempt++) {
      for (let wait = lease.pool.clear(signal); wait; wait = lease.pool.clear(signal)) await wait
      const started = performance.now()
      const answer = await this.settleOn(
        lease,
        signal,
        lease.connection.session.call(
          { _: 'upload.getCdnFile', fileToken: route.fileToken, offset: part.offset, limit: part.limit },
          { signal, timeoutMs: lease.timeoutMs, autoResend: false },
        ),
      )
      if (answer._ === 'upload.cdnFile') {
        lease.done(answer.bytes.length, performance.now() - started)
        const decipher = createDecipheriv('aes-256-ctr', route.key, cdnPartIv(route.iv, part.offset))
        return decipher.update(answer.bytes)
      }
      if (attempt >= MAX_REUPLOADS) throw new ShortPartError(part.offset, 0, part.length)
      // the CDN lacks the part: the master DC puts it there and tells its hashes
      const hashes = await this.onMaster(source, signal, (session) =>
        session.call(
          { _: 'upload.reuploadCdnFile', fileToken: route.fileToken, requestToken: answer.requestToken },
          { signal },
        ),
      )
      this.hashes.add(hashes)
    }
  }

  /**
   * Checks bytes already on disk (the file from `offset`) against Telegram's
   * hashes; throws HashMismatchError at the first bad range, else resolves
   * with how many bytes a hash vouched for.
   */
  checkStored(source: PartSource, offset: number, bytes: Uint8Array, signal: AbortSignal): Promise<number> {
    return this.hashes.verify(offset, bytes, (at, s) => this.hashesFrom(source, at, s), signal)
  }

  private hashesFrom(source: PartSource, offset: number, signal: AbortSignal): Promise<RangeHash[]> {
    const route = source.cdn
    return this.onMaster(source, signal, async (session) => {
      if (route)
        return session.call(
          { _: 'upload.getCdnFileHashes', fileToken: route.fileToken, offset },
          { signal, autoResend: false },
        )
      const { location } = await source.current(signal)
      // the reference may have taken a while: a FLOOD_WAIT may have come in meanwhile
      const pool = this.opts.pool(source)
      for (let wait = pool.clear(signal); wait; wait = pool.clear(signal)) await wait
      return session.call({ _: 'upload.getFileHashes', location, offset }, { signal, autoResend: false })
    })
  }

  /**
   * A small request on the file's own DC, in a slot of its pool; one the
   * server asks for again (`autoResend: false`) takes a new slot, past the
   * flood gate, a few times.
   */
  private async onMaster<T>(
    source: PartSource,
    signal: AbortSignal,
    call: (session: Lease['connection']['session']) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const lease = await this.opts.pool(source).acquire(signal, { priority: 1, cap: this.opts.cap })
      try {
        return await this.settleOn(lease, signal, call(lease.connection.session))
      } catch (e) {
        if (!(e instanceof ResendRequiredError) || attempt >= MAX_RESENDS) throw e
      } finally {
        lease.release()
      }
    }
  }

  /** Settles the lease by the failure kind if the request fails. */
  private async settleOn<T>(lease: Lease, signal: AbortSignal, request: Promise<T>): Promise<T> {
    try {
      return await request
    } catch (e) {
      const kind = classifyFailure(e, signal).kind
      lease.failed(kind === 'timeout' ? 'timeout' : kind === 'connection' ? 'broken' : 'soft')
      throw e
    }
  }
}
