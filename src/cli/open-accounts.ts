import { AccountSessions } from '../client/account-session.js'
import type { CliContext } from './context.js'
import { UsageError } from './context.js'
import { AuthNeededError } from './exit-codes.js'

/**
 * The accounts a command works with: `--accounts a,b` (downloads shared by
 * all), `--account a`, or the default account.
 */
export function openAccounts(
  ctx: CliContext,
  opts: { account?: string; accounts?: string },
): AccountSessions[] {
  const labels = opts.accounts
    ? opts.accounts
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : opts.account
      ? [opts.account]
      : []
  if (labels.length === 0) {
    const account = ctx.store.defaultAccount()
    if (!account) throw new AuthNeededError('no account: run `tgfetch login` first')
    return [new AccountSessions(account, ctx.store, ctx.connector)]
  }
  return labels.map((label) => {
    const account = ctx.store.byLabel(label)
    if (!account) throw new UsageError(`no account "${label}" (see \`tgfetch accounts list\`)`)
    return new AccountSessions(account, ctx.store, ctx.connector)
  })
}
