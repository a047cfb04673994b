import type Long from 'long'
import type { CallContext, ServerConnection } from '../../mtproto/server-role/index.js'

/** A session that hears a channel's new posts, and the user it reads as. */
export interface ChannelListener {
  connection: ServerConnection
  sessionId: Long
  userId: number
}

/**
 * Which sessions hear a channel's new posts pushed as updates. Every account
 * may read every public channel in the testkit's world (members are listed for
 * private ones only), so membership cannot say who listens: a session listens
 * to a channel once it has read it (history, messages, replies), as a client
 * that opened the chat would, unless that call came inside
 * invokeWithoutUpdates. It stops when its connection closes.
 */
export class ChannelListeners {
  /** channel id → "connection id/session id" → listener */
  private readonly byChannel = new Map<number, Map<string, ChannelListener>>()

  /** The session of `ctx`, reading `channelId` as `userId`, hears its new posts from now on. */
  listen(channelId: number, userId: number, ctx: CallContext): void {
    if (ctx.withoutUpdates) return
    let listeners = this.byChannel.get(channelId)
    if (!listeners) {
      listeners = new Map()
      this.byChannel.set(channelId, listeners)
    }
    const key = `${ctx.connection.id}/${ctx.sessionId.toString()}`
    if (listeners.has(key)) return
    // a new listener: the closed ones go, so a long-running testkit does not keep them all
    dropClosed(listeners)
    listeners.set(key, { connection: ctx.connection, sessionId: ctx.sessionId, userId })
  }

  /** The live listeners of `channelId`. */
  of(channelId: number): ChannelListener[] {
    const listeners = this.byChannel.get(channelId)
    if (!listeners) return []
    dropClosed(listeners)
    return [...listeners.values()]
  }
}

function dropClosed(listeners: Map<string, ChannelListener>): void {
  for (const [key, l] of listeners) if (l.connection.isClosed) listeners.delete(key)
}
