import type Long from 'long'
import type { AuthKey } from '../session-state.js'
import { randomLong } from '../session-state.js'

/** What a DC remembers about one auth key. */
export interface ServerAuthKey extends AuthKey {
  temp: boolean
  expiresAt?: number
  /** for a temp key bound with auth.bindTempAuthKey: the perm key's id (hex) */
  boundTo?: string
  /** the salt clients must use now, and the one before it (still accepted for a while) */
  salt: Long
  previousSalt?: Long
  /** session ids this key has used, for new_session_created */
  sessions: Set<string>
}

export function keyIdHex(id: Uint8Array): string {
  return Buffer.from(id).toString('hex')
}

/** The auth keys one DC knows, by id. */
export class AuthKeyStore {
  private readonly keys = new Map<string, ServerAuthKey>()

  get(id: Uint8Array): ServerAuthKey | undefined {
    return this.keys.get(keyIdHex(id))
  }

  has(id: Uint8Array): boolean {
    return this.keys.has(keyIdHex(id))
  }

  add(key: AuthKey, opts: { temp: boolean; expiresAt?: number; salt: Long }): ServerAuthKey {
    const entry: ServerAuthKey = {
      ...key,
      temp: opts.temp,
      expiresAt: opts.expiresAt,
      salt: opts.salt,
      sessions: new Set(),
    }
    this.keys.set(keyIdHex(key.id), entry)
    return entry
  }

  delete(id: Uint8Array): boolean {
    return this.keys.delete(keyIdHex(id))
  }

  /** Gives every key a new salt (fault injection and salt rotation); the old one stays valid as previous. */
  rotateSalts(): void {
    for (const key of this.keys.values()) {
      key.previousSalt = key.salt
      key.salt = randomLong()
    }
  }

  clear(): void {
    this.keys.clear()
  }

  all(): ServerAuthKey[] {
    return [...this.keys.values()]
  }
}
