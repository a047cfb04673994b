import type { tl } from '@mtcute/tl'
import { RpcError } from '../../mtproto/index.js'
import { type CallContext, keyIdHex } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'
import { toTlUser } from '../convert/user.js'
import type { World, WorldAccount, WorldBot } from '../world/types.js'

/**
 * What the login flows remember between calls (sent codes, SRP challenges,
 * QR tokens, exported authorizations) lives beside the cluster's state, one
 * store per state, so TestkitState stays about who is logged in where.
 */
export function perState<T>(create: (state: TestkitState) => T): (state: TestkitState) => T {
  const stores = new WeakMap<TestkitState, T>()
  return (state) => {
    let store = stores.get(state)
    if (!store) {
      store = create(state)
      stores.set(state, store)
    }
    return store
  }
}

/** The auth key a call's login state belongs to, on its DC (a bound temp key acts for its perm key). */
export function loginKeyOf(ctx: CallContext): string {
  return `${ctx.dcId}:${ctx.authKey.boundTo ?? keyIdHex(ctx.authKey.id)}`
}

/** Entries that expire; an expired one is still told apart from one never issued, for a while. */
export class Expiring<V> {
  private readonly items = new Map<string, { value: V; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Stores `value`; returns when it expires (ms). */
  set(key: string, value: V): number {
    if (this.items.size >= 1024) this.prune()
    const expiresAt = this.now() + this.ttlMs
    this.items.set(key, { value, expiresAt })
    return expiresAt
  }

  get(key: string): { value: V; expired: boolean } | undefined {
    const item = this.items.get(key)
    return item && { value: item.value, expired: item.expiresAt <= this.now() }
  }

  delete(key: string): void {
    this.items.delete(key)
  }

  /** Forgets entries that expired more than an hour ago. */
  private prune(): void {
    const before = this.now() - 3_600_000
    for (const [key, item] of this.items) if (item.expiresAt < before) this.items.delete(key)
  }
}

/** API_ID_INVALID unless the call names the world's app (auth.sendCode, importBotAuthorization, exportLoginToken). */
export function checkApp(world: World, apiId: unknown, apiHash: unknown): void {
  if (apiId !== world.apiId || apiHash !== world.apiHash) throw new RpcError(400, 'API_ID_INVALID')
}

/**
 * Logs the call's key in as `user`; the auth.authorization to answer with
 * (serialize it with serializeWithUsers for the client's layer).
 */
export function logInAs(
  state: TestkitState,
  ctx: CallContext,
  user: WorldAccount | WorldBot,
): tl.auth.RawAuthorization {
  state.authorize(ctx, user.userId)
  return { _: 'auth.authorization', user: toTlUser(user, { self: true }) }
}
