import type { tl } from '@mtcute/tl'
import { TgfetchError } from '../../errors/index.js'
import { type ClientSession, RpcError } from '../../mtproto/index.js'
import type { DcConnector, OpenedDc } from '../dc-connector.js'
import { computeSrpCheck } from './srp-check.js'

export interface LoginResult {
  user: tl.RawUser
  dcId: number
  authKey: Uint8Array
  session: ClientSession
}

export class LoginError extends TgfetchError {
  readonly category = 'telegram'
}

/** Runs `step` on `dcId`, following *_MIGRATE_X to the DC Telegram names (at most twice). */
async function onRightDc<T>(
  connector: DcConnector,
  firstDc: number,
  signal: AbortSignal | undefined,
  step: (dc: OpenedDc) => Promise<T>,
): Promise<{ dc: OpenedDc; dcId: number; value: T }> {
  let dcId = firstDc
  for (let hops = 0; ; hops++) {
    const dc = await connector.open(dcId, undefined, signal)
    try {
      return { dc, dcId, value: await step(dc) }
    } catch (e) {
      dc.session.close()
      if (!(e instanceof RpcError) || e.dc === undefined || hops >= 2) throw e
      dcId = e.dc
    }
  }
}

function userOf(auth: tl.auth.TypeAuthorization): tl.RawUser {
  if (auth._ !== 'auth.authorization' || auth.user._ !== 'user')
    throw new LoginError('the account must sign up first')
  return auth.user
}

/**
 * Phone + code login (core.telegram.org/api/auth), with PHONE_MIGRATE_X and a
 * 2FA password (SRP) when the account has one. `code` and `password` are
 * asked for only when needed.
 */
export async function loginWithPhone(
  connector: DcConnector,
  opts: {
    phone: string
    apiHash: string
    code: () => Promise<string>
    password?: () => Promise<string>
    firstDc?: number
    signal?: AbortSignal
  },
): Promise<LoginResult> {
  const {
    dc,
    dcId,
    value: sent,
  } = await onRightDc(connector, opts.firstDc ?? 2, opts.signal, (d) =>
    d.session.call(
      {
        _: 'auth.sendCode',
        phoneNumber: opts.phone,
        apiId: connector.opts.apiId,
        apiHash: opts.apiHash,
        settings: { _: 'codeSettings' },
      },
      { signal: opts.signal },
    ),
  )
  try {
    if (sent._ !== 'auth.sentCode') throw new LoginError(`unexpected ${sent._}`)
    let auth: tl.auth.TypeAuthorization
    try {
      auth = await dc.session.call({
        _: 'auth.signIn',
        phoneNumber: opts.phone,
        phoneCodeHash: sent.phoneCodeHash,
        phoneCode: await opts.code(),
      })
    } catch (e) {
      if (!(e instanceof RpcError) || !e.is('SESSION_PASSWORD_NEEDED')) throw e
      if (!opts.password) throw new LoginError('the account has a 2FA password; give one')
      const password = await dc.session.call({ _: 'account.getPassword' })
      const check = await computeSrpCheck(await opts.password(), password)
      auth = await dc.session.call({ _: 'auth.checkPassword', password: check })
    }
    return { user: userOf(auth), dcId, authKey: dc.authKey, session: dc.session }
  } catch (e) {
    dc.session.close()
    throw e
  }
}

/** Bot token login, following USER_MIGRATE_X to the bot's DC. */
export async function loginWithBotToken(
  connector: DcConnector,
  opts: { token: string; apiHash: string; firstDc?: number; signal?: AbortSignal },
): Promise<LoginResult> {
  const {
    dc,
    dcId,
    value: auth,
  } = await onRightDc(connector, opts.firstDc ?? 2, opts.signal, (d) =>
    d.session.call({
      _: 'auth.importBotAuthorization',
      flags: 0,
      apiId: connector.opts.apiId,
      apiHash: opts.apiHash,
      botAuthToken: opts.token,
    }),
  )
  return { user: userOf(auth), dcId, authKey: dc.authKey, session: dc.session }
}
