import { type CallContext, keyIdHex } from '../../mtproto/server-role/index.js'
import type { TestkitState } from '../cluster/state.js'

/**
 * Who a call counts against: the logged-in user (`user:<id>`, the same on
 * every DC), else its auth key (`key:<hex>`; a bound temp key counts as its perm key).
 */
export function accountOf(ctx: CallContext, state: TestkitState | undefined): string {
  const user = state?.userOf(ctx)
  if (user !== undefined) return `user:${user}`
  return `key:${ctx.authKey.boundTo ?? keyIdHex(ctx.authKey.id)}`
}

/** Whether an account (as named by {@link accountOf}) is a premium user. */
export function isPremium(account: string, state: TestkitState | undefined): boolean {
  if (!state || !account.startsWith('user:')) return false
  const user = state.index.user(Number(account.slice(5)))
  return user !== undefined && 'premium' in user && user.premium
}
