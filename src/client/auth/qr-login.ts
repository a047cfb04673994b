import type { tl } from '@mtcute/tl'
import { deadline } from '../../async/index.js'
import { RpcError } from '../../mtproto/index.js'
import type { DcConnector } from '../dc-connector.js'
import { LoginError, type LoginResult } from './login.js'
import { computeSrpCheck } from './srp-check.js'

export interface QrLoginOptions {
  apiHash: string
  firstDc?: number
  /** shows `tg://login?token=…` to the user (a QR code on a terminal); called again when it is renewed */
  onToken: (url: string, expires: Date) => void
  password?: () => Promise<string>
  signal?: AbortSignal
}

/** An updateLoginToken, alone (updateShort) or in a batch of updates. */
function isLoginTokenUpdate(update: unknown): boolean {
  const u = update as { _?: string; update?: { _?: string }; updates?: { _?: string }[] }
  if (u._ === 'updateShort') return u.update?._ === 'updateLoginToken'
  if (u._ === 'updates' || u._ === 'updatesCombined')
    return u.updates?.some((x) => x._ === 'updateLoginToken') ?? false
  return false
}

/**
 * QR login (core.telegram.org/api/qr-login): export a token and show it;
 * export again when Telegram says it was accepted (updateLoginToken) or when
 * it expires — each export makes a new token, so the QR code stays put while
 * it is valid. A user on another DC arrives as loginTokenMigrateTo and is
 * imported there.
 */
export async function loginWithQr(connector: DcConnector, opts: QrLoginOptions): Promise<LoginResult> {
  let dcId = opts.firstDc ?? 2
  let scanned: (() => void) | undefined
  const onUpdate = (update: unknown): void => {
    if (isLoginTokenUpdate(update)) scanned?.()
  }
  let dc = await connector.open(dcId, undefined, opts.signal, { onUpdate })
  const exportToken = () =>
    dc.session.call({
      _: 'auth.exportLoginToken',
      apiId: connector.opts.apiId,
      apiHash: opts.apiHash,
      exceptIds: [],
    })
  try {
    for (;;) {
      // listening before the export: the scan may come before its answer is read
      const accepted = new Promise<void>((resolve) => {
        scanned = resolve
      })
      let answer: tl.auth.TypeLoginToken
      try {
        answer = await exportToken()
      } catch (e) {
        if (!(e instanceof RpcError) || !e.is('SESSION_PASSWORD_NEEDED') || !opts.password) throw e
        const password = await dc.session.call({ _: 'account.getPassword' })
        const check = await computeSrpCheck(await opts.password(), password)
        const auth = await dc.session.call({ _: 'auth.checkPassword', password: check })
        return done(auth)
      }
      if (answer._ === 'auth.loginTokenSuccess') return done(answer.authorization)
      if (answer._ === 'auth.loginTokenMigrateTo') {
        dc.session.close()
        dcId = answer.dcId
        dc = await connector.open(dcId, undefined, opts.signal)
        const imported = await dc.session.call({ _: 'auth.importLoginToken', token: answer.token })
        if (imported._ !== 'auth.loginTokenSuccess') throw new LoginError(`unexpected ${imported._}`)
        return done(imported.authorization)
      }
      opts.onToken(
        `tg://login?token=${Buffer.from(answer.token).toString('base64url')}`,
        new Date(answer.expires * 1000),
      )
      // the token's lifetime by the server's clock (the session knows our offset from it)
      const serverNowMs = Date.now() + dc.session.state.msgIds.timeOffset * 1000
      await untilScannedOrExpired(accepted, Math.max(1000, answer.expires * 1000 - serverNowMs), opts.signal)
    }
  } catch (e) {
    dc.session.close()
    throw e
  }

  function done(auth: tl.auth.TypeAuthorization): LoginResult {
    if (auth._ !== 'auth.authorization' || auth.user._ !== 'user')
      throw new LoginError('the account must sign up first')
    return { user: auth.user, dcId, authKey: dc.authKey, session: dc.session }
  }
}

/** Resolves when `accepted` does or `ms` have passed; rejects if `signal` aborts first. */
async function untilScannedOrExpired(
  accepted: Promise<void>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  const limit = deadline(ms, signal)
  const ended = new Promise<void>((resolve) => limit.signal.addEventListener('abort', () => resolve()))
  try {
    await Promise.race([accepted, ended])
  } finally {
    limit.dispose()
  }
  signal?.throwIfAborted()
}
