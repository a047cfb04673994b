import { RpcError } from '../../mtproto/index.js'
import type { TestkitState } from '../cluster/state.js'
import { acceptLoginToken } from '../handlers/auth-qr.js'
import { ControlError } from './control-error.js'

export interface AcceptQrSpec {
  /** the `tg://login?token=…` link a QR login shows, or its token (base64url) */
  token: string
  /** who scans it: an account's phone number or user id */
  account: string | number
}

function tokenBytes(text: string): Uint8Array {
  const trimmed = text.trim()
  const token = trimmed.startsWith('tg://') ? new URL(trimmed).searchParams.get('token') : trimmed
  if (!token || !/^[A-Za-z0-9_-]+={0,2}$/.test(token))
    throw new ControlError('token must be a tg://login?token=… link or its base64url token')
  return Buffer.from(token, 'base64url')
}

/**
 * An account "scans" a QR login: the session that showed the token hears
 * updateLoginToken and logs in as that account on its next export.
 */
export function acceptQr(state: TestkitState, spec: AcceptQrSpec): { userId: number; phone: string } {
  const token = tokenBytes(String(spec.token ?? ''))
  const who = String(spec.account ?? '').trim()
  const account =
    state.index.accountByPhone(who) ?? state.world.accounts.find((a) => String(a.userId) === who)
  if (!who || !account) throw new ControlError(`no account "${who}": give a phone number or user id`)
  try {
    acceptLoginToken(state, token, account.userId)
  } catch (e) {
    if (e instanceof RpcError) throw new ControlError(`the token was refused: ${e.text}`)
    throw e
  }
  return { userId: account.userId, phone: account.phone }
}
