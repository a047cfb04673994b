import type { StateDatabase } from './database.js'
import { PoolSizeStore } from './pool-size-store.js'
import { RequestPaceStore } from './request-pace-store.js'

export interface Account {
  id: number
  label: string
  kind: 'user' | 'bot'
  userId?: number
  phone?: string
  premium: boolean
  homeDc: number
  isDefault: boolean
}

export type AuthKeyKind = 'perm' | 'temp' | 'cdn'

export interface StoredAuthKey {
  dcId: number
  kind: AuthKeyKind
  authKey: Uint8Array
  expiresAt?: number
  /** TL long as a decimal string */
  salt?: string
  timeOffset: number
  /** logged in on this DC (home DC login or imported authorization) */
  authorized: boolean
}

/** A peer as this account met it; the access hash is a TL long as a decimal string. */
export interface StoredPeer {
  id: number
  kind: 'user' | 'chat' | 'channel'
  accessHash: string
  username?: string
}

interface PeerRow {
  peer_id: number
  kind: StoredPeer['kind']
  access_hash: string | null
  username: string | null
}

interface AccountRow {
  id: number
  label: string
  kind: 'user' | 'bot'
  user_id: number | null
  phone: string | null
  premium: number
  home_dc: number
  is_default: number
}

interface KeyRow {
  dc_id: number
  kind: AuthKeyKind
  auth_key: Buffer
  expires_at: number | null
  salt: string | null
  time_offset: number
  authorized: number
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  label: r.label,
  kind: r.kind,
  userId: r.user_id ?? undefined,
  phone: r.phone ?? undefined,
  premium: r.premium === 1,
  homeDc: r.home_dc,
  isDefault: r.is_default === 1,
})

/**
 * Accounts and their auth keys per DC. Each account's rows are its own:
 * removing or failing one account never touches another.
 */
export class AccountStore {
  /** the request rates learned from FLOOD_WAITs, per account and method */
  readonly pace: RequestPaceStore
  /** the download connections per DC the engine settled on, per account */
  readonly poolSize: PoolSizeStore

  constructor(private readonly db: StateDatabase) {
    this.pace = new RequestPaceStore(db)
    this.poolSize = new PoolSizeStore(db)
  }

  create(input: Omit<Account, 'id' | 'isDefault'>): Account {
    const info = this.db
      .prepare(
        `INSERT INTO accounts (label, kind, user_id, phone, premium, home_dc, is_default, created_at)
         VALUES (?, ?, ?, ?, ?, ?, NOT EXISTS (SELECT 1 FROM accounts), ?)`,
      )
      .run(
        input.label,
        input.kind,
        input.userId ?? null,
        input.phone ?? null,
        input.premium ? 1 : 0,
        input.homeDc,
        Date.now(),
      )
    return this.get(Number(info.lastInsertRowid))!
  }

  get(id: number): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined
    return row && toAccount(row)
  }

  byLabel(label: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE label = ?').get(label) as AccountRow | undefined
    return row && toAccount(row)
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow[]).map(toAccount)
  }

  defaultAccount(): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE is_default = 1').get() as AccountRow | undefined
    return row && toAccount(row)
  }

  setDefault(id: number): void {
    this.db
      .transaction(() => {
        if (
          this.db.prepare('UPDATE accounts SET is_default = (id = ?)').run(id).changes === 0 ||
          !this.get(id)
        ) {
          throw new Error(`no account ${id}`)
        }
      })
      .immediate()
  }

  update(id: number, patch: Partial<Pick<Account, 'userId' | 'premium' | 'homeDc' | 'phone'>>): void {
    const current = this.get(id)
    if (!current) throw new Error(`no account ${id}`)
    const next = { ...current, ...patch }
    this.db
      .prepare('UPDATE accounts SET user_id = ?, premium = ?, home_dc = ?, phone = ? WHERE id = ?')
      .run(next.userId ?? null, next.premium ? 1 : 0, next.homeDc, next.phone ?? null, id)
  }

  remove(id: number): void {
    this.db
      .transaction(() => {
        const wasDefault = this.get(id)?.isDefault
        this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id)
        if (wasDefault)
          this.db
            .prepare('UPDATE accounts SET is_default = 1 WHERE id = (SELECT MIN(id) FROM accounts)')
            .run()
      })
      .immediate()
  }

  saveKey(accountId: number, key: StoredAuthKey): void {
    this.db
      .prepare(
        `INSERT INTO auth_keys (account_id, dc_id, kind, auth_key, expires_at, salt, time_offset, authorized)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, dc_id, kind) DO UPDATE SET
           auth_key = excluded.auth_key, expires_at = excluded.expires_at, salt = excluded.salt,
           time_offset = excluded.time_offset, authorized = excluded.authorized`,
      )
      .run(
        accountId,
        key.dcId,
        key.kind,
        Buffer.from(key.authKey),
        key.expiresAt ?? null,
        key.salt ?? null,
        key.timeOffset,
        key.authorized ? 1 : 0,
      )
  }

  key(accountId: number, dcId: number, kind: AuthKeyKind = 'perm'): StoredAuthKey | undefined {
    const row = this.db
      .prepare('SELECT * FROM auth_keys WHERE account_id = ? AND dc_id = ? AND kind = ?')
      .get(accountId, dcId, kind) as KeyRow | undefined
    if (!row) return undefined
    return {
      dcId: row.dc_id,
      kind: row.kind,
      authKey: new Uint8Array(row.auth_key),
      expiresAt: row.expires_at ?? undefined,
      salt: row.salt ?? undefined,
      timeOffset: row.time_offset,
      authorized: row.authorized === 1,
    }
  }

  /** Remembers a peer's access hash (and username), as met by this account; a username names one peer. */
  savePeer(accountId: number, peer: StoredPeer): void {
    this.db
      .transaction(() => {
        if (peer.username !== undefined)
          this.db
            .prepare(
              `UPDATE peers SET username = NULL
               WHERE account_id = ? AND username = ? COLLATE NOCASE AND NOT (kind = ? AND peer_id = ?)`,
            )
            .run(accountId, peer.username, peer.kind, peer.id)
        this.db
          .prepare(
            `INSERT INTO peers (account_id, peer_id, kind, access_hash, username, updated_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (account_id, kind, peer_id) DO UPDATE SET
               access_hash = excluded.access_hash, username = excluded.username, updated_at = excluded.updated_at`,
          )
          .run(accountId, peer.id, peer.kind, peer.accessHash, peer.username ?? null, Date.now())
      })
      .immediate()
  }

  /** Remembers the DC a channel's file was just downloaded from (a channel this account met). */
  saveFileDc(accountId: number, channelId: number, dcId: number): void {
    this.db
      .prepare("UPDATE peers SET file_dc = ? WHERE account_id = ? AND kind = 'channel' AND peer_id = ?")
      .run(dcId, accountId, channelId)
  }

  /** The DC of the last file downloaded from a channel, by its id or username, if any. */
  fileDcOf(accountId: number, channel: { id: number } | { username: string }): number | undefined {
    const row = (
      'id' in channel
        ? this.db
            .prepare("SELECT file_dc FROM peers WHERE account_id = ? AND kind = 'channel' AND peer_id = ?")
            .get(accountId, channel.id)
        : this.db
            .prepare(
              `SELECT file_dc FROM peers WHERE account_id = ? AND kind = 'channel' AND username = ? COLLATE NOCASE
               ORDER BY updated_at DESC LIMIT 1`,
            )
            .get(accountId, channel.username)
    ) as { file_dc: number | null } | undefined
    return row?.file_dc ?? undefined
  }

  /** The peer this account last met under a username (usernames ignore case). */
  peerByUsername(accountId: number, username: string): StoredPeer | undefined {
    const row = this.db
      .prepare(
        `SELECT peer_id, kind, access_hash, username FROM peers
         WHERE account_id = ? AND username = ? COLLATE NOCASE AND access_hash IS NOT NULL
         ORDER BY updated_at DESC LIMIT 1`,
      )
      .get(accountId, username) as PeerRow | undefined
    if (!row?.access_hash) return undefined
    return {
      id: row.peer_id,
      kind: row.kind,
      accessHash: row.access_hash,
      username: row.username ?? undefined,
    }
  }

  /** An access hash this account has seen for a peer (TL long as a decimal string). */
  peerAccessHash(accountId: number, kind: 'user' | 'chat' | 'channel', id: number): string | undefined {
    const row = this.db
      .prepare('SELECT access_hash FROM peers WHERE account_id = ? AND kind = ? AND peer_id = ?')
      .get(accountId, kind, id) as { access_hash: string | null } | undefined
    return row?.access_hash ?? undefined
  }

  deleteKey(accountId: number, dcId: number, kind: AuthKeyKind = 'perm'): void {
    this.db
      .prepare('DELETE FROM auth_keys WHERE account_id = ? AND dc_id = ? AND kind = ?')
      .run(accountId, dcId, kind)
  }
}
