import type { tl } from '@mtcute/tl'
import { untilAborted } from '../async/index.js'
import type { MediaItem } from '../media/media-item.js'
import { refreshMedia } from '../media/resolve.js'
import { type ClientSession, RpcError } from '../mtproto/index.js'
import type { EngineAccount } from './engine-account.js'
import { FloodGate } from './flood-gate.js'
import type { Part } from './part-plan.js'

/** A file on a CDN DC: its token there and how its bytes are encrypted. */
export interface CdnRoute {
  dcId: number
  fileToken: Uint8Array
  key: Uint8Array
  iv: Uint8Array
}

/**
 * Where one account asks for the parts of one file: the DC and the input
 * location with this account's file reference. A reference is renewed once
 * for every request that saw it expire ({@link refresh} is shared), and a
 * FILE_MIGRATE moves the source to the DC it names.
 */
export class PartSource {
  private location: tl.TypeInputFileLocation | undefined
  private refreshing: Promise<void> | undefined
  /** bumps each time the location is renewed */
  generation = 0
  dcId: number
  /** set after the master DC said FILE_TOKEN_INVALID: no more CDN redirects for this file */
  cdnRefused = false
  /** where the master DC sent this file (upload.fileCdnRedirect) */
  cdn: CdnRoute | undefined

  constructor(
    readonly account: EngineAccount,
    private item: MediaItem,
    /** false: the item was resolved by another account; this one fetches its own reference first */
    ownsReference: boolean,
    /** FLOOD_WAIT on a renewal: shared by the account's other files, since Telegram counts per account */
    private readonly refreshGate = new FloodGate(),
  ) {
    this.dcId = item.dcId
    if (ownsReference) this.location = item.location
  }

  /** The location to ask with, fetching this account's own reference first if it has none. */
  async current(signal: AbortSignal): Promise<{ location: tl.TypeInputFileLocation; generation: number }> {
    if (!this.location) await this.refresh(this.generation, signal)
    if (!this.location) throw new Error('no file location')
    return { location: this.location, generation: this.generation }
  }

  /**
   * A fresh file reference from the item's origin. Callers pass the
   * generation they used: if it has been renewed since, nothing is fetched.
   */
  refresh(seen: number, signal: AbortSignal): Promise<void> {
    if (seen < this.generation && this.location) return Promise.resolve()
    if (!this.refreshing) {
      this.refreshing = (async () => {
        // a FLOOD_WAIT on the last renewal: nothing is asked before it ends
        await this.refreshGate.pass(signal)
        const home = await this.account.home(signal)
        const fresh = await refreshMedia(home, this.item).catch((e: unknown) => {
          if (e instanceof RpcError && e.isFloodWait) this.refreshGate.close(e.seconds ?? 1)
          throw e
        })
        this.item = fresh
        this.location = fresh.location
        this.generation++
      })().finally(() => {
        this.refreshing = undefined
      })
    }
    // shared by every caller, each of whom may stop waiting on its own signal
    return untilAborted(this.refreshing, signal)
  }

  migrate(dcId: number): void {
    this.dcId = dcId
  }

  /** One upload.getFile; resolves with the part's bytes or rejects with what Telegram said. */
  async getFile(
    session: ClientSession,
    location: tl.TypeInputFileLocation,
    part: Part,
    opts: { signal: AbortSignal; timeoutMs: number; cdnSupported: boolean },
  ): Promise<tl.upload.TypeFile> {
    return session.call(
      {
        _: 'upload.getFile',
        location,
        offset: part.offset,
        limit: part.limit,
        cdnSupported: opts.cdnSupported && !this.cdnRefused,
      },
      // sent again only through the flood gate (see CallOptions.autoResend)
      { signal: opts.signal, timeoutMs: opts.timeoutMs, autoResend: false },
    )
  }
}
