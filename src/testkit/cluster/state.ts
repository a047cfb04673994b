import { RpcError } from '../../mtproto/index.js'
import { AuthKeyStore, type CallContext, keyIdHex } from '../../mtproto/server-role/index.js'
import type { World, WorldFile, WorldMessage } from '../world/types.js'
import { WorldIndex } from '../world/world-index.js'
import { ChannelListeners } from './channel-listeners.js'
import { FileReferences } from './file-references.js'

/**
 * Everything the cluster's DCs share: the world, which auth key is logged in
 * as whom on which DC, file references, and the cluster clock (skewable).
 */
export class TestkitState {
  readonly index: WorldIndex
  readonly fileReferences: FileReferences
  /** sessions that hear new posts of the channels they read */
  readonly channelListeners = new ChannelListeners()
  /** per DC: its auth keys; kept here so a DC restart may keep them */
  readonly keys = new Map<number, AuthKeyStore>()
  /** per DC: auth key id (hex) → user id */
  private readonly authorizations = new Map<number, Map<string, number>>()
  /** ms added to the real clock (fault: skew time) */
  clockSkewMs = 0

  constructor(readonly world: World) {
    this.index = new WorldIndex(world)
    this.fileReferences = new FileReferences(world.fileReferenceTtl, () => this.now())
  }

  now(): number {
    return Date.now() + this.clockSkewMs
  }

  keysOf(dcId: number): AuthKeyStore {
    let keys = this.keys.get(dcId)
    if (!keys) {
      keys = new AuthKeyStore()
      this.keys.set(dcId, keys)
    }
    return keys
  }

  private authsOf(dcId: number): Map<string, number> {
    let auths = this.authorizations.get(dcId)
    if (!auths) {
      auths = new Map()
      this.authorizations.set(dcId, auths)
    }
    return auths
  }

  /** The key whose authorization counts: a bound temp key acts for its perm key. */
  private effectiveKeyId(ctx: CallContext): string {
    return ctx.authKey.boundTo ?? keyIdHex(ctx.authKey.id)
  }

  authorize(ctx: CallContext, userId: number): void {
    this.authsOf(ctx.dcId).set(this.effectiveKeyId(ctx), userId)
  }

  /** Logs an auth key (by id) in as a user on a DC, without auth.* calls (tests, demos). */
  authorizeKey(dcId: number, keyId: Uint8Array, userId: number): void {
    this.authsOf(dcId).set(Buffer.from(keyId).toString('hex'), userId)
  }

  /** The user this call acts for, if its key is logged in on this DC. */
  userOf(ctx: CallContext): number | undefined {
    return this.authsOf(ctx.dcId).get(this.effectiveKeyId(ctx))
  }

  /** Like {@link userOf}, but a key that is not logged in gets Telegram's 401. */
  requireUser(ctx: CallContext): number {
    const user = this.userOf(ctx)
    if (user === undefined) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
    return user
  }

  logOut(ctx: CallContext): void {
    this.authsOf(ctx.dcId).delete(this.effectiveKeyId(ctx))
  }

  /**
   * Posts a message in a channel now, with the next id and the cluster's date
   * (tests: a new post while a client watches). `files` hold its media's bytes.
   */
  postMessage(
    channelId: number,
    post: Omit<WorldMessage, 'id' | 'date'>,
    files: WorldFile[] = [],
  ): WorldMessage {
    const channel = this.index.channel(channelId)
    if (!channel) throw new Error(`no channel ${channelId}`)
    const id = channel.messages.reduce((max, m) => Math.max(max, m.id), 0) + 1
    const message: WorldMessage = { ...post, id, date: Math.floor(this.now() / 1000) }
    this.index.addMessage(channel, message, files)
    return message
  }

  /** Fault: the DC forgets every authorization (imported or not) it holds. */
  forgetAuthorizations(dcId: number): void {
    this.authsOf(dcId).clear()
  }
}
