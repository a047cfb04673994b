import type { tl } from '@mtcute/tl'
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
  /** how often to ask whether the token was scanned (Telegram pushes updateLoginToken; polling is enough) */
  pollMs?: number
  signal?: AbortSignal
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
  })

/**
 * QR login (core.telegram.org/api/qr-login): export a token, show it, and
 * export again until another logged-in device accepted it; a user on another
 * DC arrives as loginTokenMigrateTo and is imported there.
 */
export async function loginWithQr(connector: DcConnector, opts: QrLoginOptions): Promise<LoginResult> {
  let dcId = opts.firstDc ?? 2
  let dc = await connector.open(dcId, undefined, opts.signal)
  const exportToken = () =>
    dc.session.call({
      _: 'auth.exportLoginToken',
      apiId: connector.opts.apiId,
      apiHash: opts.apiHash,
      exceptIds: [],
    })
  try {
    let shown = ''
    for (;;) {
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
      const url = `tg://login?token=${Buffer.from(answer.token).toString('base64url')}`
      if (url !== shown) {
        shown = url
        opts.onToken(url, new Date(answer.expires * 1000))
      }
      await sleep(opts.pollMs ?? 2000, opts.signal)
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
