import { keyIdHex, type ServerAuthKey, type ServerConnection } from '../../mtproto/server-role/index.js'

/**
 * Telegram closes connections beyond a cap per auth key. Counts open
 * connections per key on one DC; {@link onConnectionKey} answers false for
 * one too many (the DC then closes it).
 */
export class ConnectionCap {
  private readonly open = new Map<string, Set<number>>()

  constructor(
    readonly max: number,
    private readonly onRefused?: (connection: ServerConnection, key: ServerAuthKey, open: number) => void,
  ) {}

  onConnectionKey(connection: ServerConnection, key: ServerAuthKey): boolean {
    const id = keyIdHex(key.id)
    let set = this.open.get(id)
    if (!set) {
      set = new Set()
      this.open.set(id, set)
    }
    if (set.size >= this.max) {
      this.onRefused?.(connection, key, set.size)
      return false
    }
    set.add(connection.id)
    return true
  }

  onConnectionClose(connection: ServerConnection): void {
    if (!connection.authKey) return
    const id = keyIdHex(connection.authKey.id)
    const set = this.open.get(id)
    if (!set) return
    set.delete(connection.id)
    if (set.size === 0) this.open.delete(id)
  }

  openFor(key: ServerAuthKey): number {
    return this.open.get(keyIdHex(key.id))?.size ?? 0
  }
}
