import { deadline } from '../async/index.js'
import { parseRsaPublicKeyPem, type RsaPublicKey } from '../crypto/index.js'
import type { ClientSession } from '../mtproto/index.js'
import type { DcConnector } from './dc-connector.js'
import type { Account, AccountStore } from './storage/account-store.js'
import { type RetryOptions, retryTransient } from './transient.js'

/** A session to a DC (TCP, key exchange, export/import of the login) within this long. */
const OPEN_TIMEOUT_MS = 30_000

/**
 * One account's sessions, one per DC: the home DC with the stored key, other
 * DCs with keys authorized by auth.exportAuthorization → importAuthorization
 * (one transfer per DC at a time) and stored for later runs.
 */
export class AccountSessions {
  private readonly sessions = new Map<number, Promise<ClientSession>>()
  private readonly updateListeners = new Set<(update: unknown) => void>()

  constructor(
    readonly account: Account,
    private readonly store: AccountStore,
    private readonly connector: DcConnector,
  ) {}

  /** the request rates the download engine learned from FLOOD_WAITs, kept for the next run */
  readonly pacing = {
    recall: (method: string): number | undefined => this.store.pace.get(this.account.id, method),
    remember: (method: string, perSecond: number): void =>
      this.store.pace.set(this.account.id, method, perSecond),
  }

  /** the download connections per DC the engine's pools settled on, kept for the next run */
  readonly poolSizes = {
    recall: (dcId: number): number | undefined => this.store.poolSize.get(this.account.id, dcId),
    remember: (dcId: number, connections: number): void =>
      this.store.poolSize.set(this.account.id, dcId, connections),
  }

  get label(): string {
    return this.account.label
  }

  get premium(): boolean {
    return this.account.premium
  }

  /**
   * Hears what Telegram pushes (updates) on the account's sessions of
   * {@link on} — the home DC's among them; download connections are not
   * included. Returns the function that stops it.
   */
  onUpdate(listener: (update: unknown) => void): () => void {
    this.updateListeners.add(listener)
    return () => this.updateListeners.delete(listener)
  }

  private readonly emitUpdate = (update: unknown): void => {
    for (const listener of this.updateListeners) listener(update)
  }

  home(signal?: AbortSignal): Promise<ClientSession> {
    return this.on(this.account.homeDc, signal)
  }

  /**
   * `work` on the home session; if the connection dies under it, a call gets
   * no answer or a short FLOOD_WAIT comes, again on a fresh session (reads only).
   */
  onHome<T>(work: (home: ClientSession) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
    return retryTransient(async () => work(await this.home(opts.signal)), opts)
  }

  /** The account's session on `dcId`, opened (and authorized) on first use and again after it closed. */
  async on(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    const cached = this.sessions.get(dcId)
    if (cached) {
      const session = await cached.catch(() => undefined)
      if (session && !session.isClosed) return session
      if (this.sessions.get(dcId) === cached) this.sessions.delete(dcId)
      else return this.on(dcId, signal)
    }
    // shared by every caller: bounded, so one stuck attempt cannot hold them all
    const limit = deadline(OPEN_TIMEOUT_MS, signal)
    const opening = this.open(dcId, limit.signal).finally(() => limit.dispose())
    this.sessions.set(dcId, opening)
    opening.catch(() => {
      if (this.sessions.get(dcId) === opening) this.sessions.delete(dcId)
    })
    return opening
  }

  private async open(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    const stored = this.store.key(this.account.id, dcId)
    if (stored?.authorized) {
      const { session } = await this.connector.open(dcId, stored, signal, { onUpdate: this.emitUpdate })
      if (dcId === this.account.homeDc && this.account.userId === undefined)
        await this.learnWhoAmI(session, signal)
      return session
    }
    if (dcId === this.account.homeDc)
      throw new Error(`account ${this.account.label} has no key for its home DC: log in again`)
    const home = await this.home(signal)
    const exported = await home.call({ _: 'auth.exportAuthorization', dcId }, { signal })
    const { session, authKey } = await this.connector.open(dcId, undefined, signal, {
      onUpdate: this.emitUpdate,
    })
    await session.call({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }, { signal })
    this.store.saveKey(this.account.id, {
      dcId,
      kind: 'perm',
      authKey,
      salt: session.state.salt.toString(),
      timeOffset: session.state.msgIds.timeOffset,
      authorized: true,
    })
    return session
  }

  /**
   * Stores the user id (and premium) of an account imported from a session
   * that did not carry them. Only a nicety: a failure here is left to the
   * caller's own requests to meet.
   */
  private async learnWhoAmI(home: ClientSession, signal?: AbortSignal): Promise<void> {
    try {
      const [self] = await home.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, { signal })
      if (self?._ !== 'user') return
      this.account.userId = self.id
      this.account.premium = self.premium === true
      this.store.update(this.account.id, { userId: self.id, premium: this.account.premium })
    } catch {}
  }

  /** A connection of its own to `dcId` on the account's key there (authorized first if need be). */
  async connect(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    await this.on(dcId, signal)
    const key = this.store.key(this.account.id, dcId)
    if (!key?.authorized) throw new Error(`account ${this.account.label} lost its key for DC ${dcId}`)
    const { session } = await this.connector.open(dcId, key, signal, { media: true })
    return session
  }

  /** A connection to a CDN DC, on a key made with the CDN's own RSA keys (no login there). */
  async connectCdn(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    const publicKeys = await this.cdnKeys(signal)
    const stored = this.store.key(this.account.id, dcId, 'cdn')
    const { session, authKey } = await this.connector.open(dcId, stored, signal, { cdn: true, publicKeys })
    if (!stored)
      this.store.saveKey(this.account.id, {
        dcId,
        kind: 'cdn',
        authKey,
        salt: session.state.salt.toString(),
        timeOffset: session.state.msgIds.timeOffset,
        authorized: false,
      })
    return session
  }

  forgetAuthorization(dcId: number, cdn = false): void {
    if (cdn) {
      this.store.deleteKey(this.account.id, dcId, 'cdn')
      return
    }
    if (dcId === this.account.homeDc) return // the home key is the login itself: nothing to import
    this.store.deleteKey(this.account.id, dcId)
    const session = this.sessions.get(dcId)
    this.sessions.delete(dcId)
    session?.then((s) => s.close()).catch(() => {})
  }

  private cdnKeyList: Promise<RsaPublicKey[]> | undefined

  private cdnKeys(signal?: AbortSignal): Promise<RsaPublicKey[]> {
    if (!this.cdnKeyList) {
      this.cdnKeyList = this.home(signal)
        .then((home) => home.call({ _: 'help.getCdnConfig' }, { signal }))
        .then((config) => config.publicKeys.map((k) => parseRsaPublicKeyPem(k.publicKey)))
      this.cdnKeyList.catch(() => {
        this.cdnKeyList = undefined
      })
    }
    return this.cdnKeyList
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) {
      await session.then((s) => s.close()).catch(() => {})
    }
    this.sessions.clear()
  }
}
