import type { Account, AccountStore } from '../storage/account-store.js'
import type { LoginResult } from './login.js'

/** Keeps a login in the store as an account (replacing one of the same label) with its home DC's key. */
export function saveLogin(
  store: AccountStore,
  result: LoginResult,
  opts: { label: string; kind: 'user' | 'bot'; phone?: string },
): Account {
  const existing = store.byLabel(opts.label)
  if (existing) store.remove(existing.id)
  const account = store.create({
    label: opts.label,
    kind: opts.kind,
    userId: result.user.id,
    phone: opts.phone,
    premium: result.user.premium === true,
    homeDc: result.dcId,
  })
  store.saveKey(account.id, {
    dcId: result.dcId,
    kind: 'perm',
    authKey: result.authKey,
    salt: result.session.state.salt.toString(),
    timeOffset: result.session.state.msgIds.timeOffset,
    authorized: true,
  })
  return account
}
