import type { ClientSession } from '../mtproto/index.js'
import type { DcConnector } from './dc-connector.js'
import type { Account, AccountStore } from './storage/account-store.js'

/**
 * One account's sessions, one per DC: the home DC with the stored key, other
 * DCs with keys authorized by auth.exportAuthorization → importAuthorization
 * (one transfer per DC at a time) and stored for later runs.
 */
export class AccountSessions {
  private readonly sessions = new Map<number, Promise<ClientSession>>()

  constructor(
    readonly account: Account,
    private readonly store: AccountStore,
    private readonly connector: DcConnector,
  ) {}

  home(signal?: AbortSignal): Promise<ClientSession> {
    return this.on(this.account.homeDc, signal)
  }

  on(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    let session = this.sessions.get(dcId)
    if (!session) {
      session = this.open(dcId, signal)
      this.sessions.set(dcId, session)
      session.catch(() => this.sessions.delete(dcId))
    }
    return session
  }

  private async open(dcId: number, signal?: AbortSignal): Promise<ClientSession> {
    const stored = this.store.key(this.account.id, dcId)
    if (stored?.authorized) {
      const { session } = await this.connector.open(dcId, stored, signal)
      return session
    }
    if (dcId === this.account.homeDc)
      throw new Error(`account ${this.account.label} has no key for its home DC: log in again`)
    const home = await this.home(signal)
    const exported = await home.call({ _: 'auth.exportAuthorization', dcId }, { signal })
    const { session, authKey } = await this.connector.open(dcId, undefined, signal)
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

  async close(): Promise<void> {
    for (const session of this.sessions.values()) {
      await session.then((s) => s.close()).catch(() => {})
    }
    this.sessions.clear()
  }
}
