import { randomBytes } from 'node:crypto'
import type { tl } from '@mtcute/tl'
import Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { CallContext, HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import type { TestkitState } from '../cluster/state.js'
import type { WorldAccount } from '../world/types.js'
import { logInOrAskPassword } from './auth-password.js'
import { checkApp, Expiring, loginKeyOf, perState } from './auth-state.js'

/** Telegram's login tokens live 30 s; clients export a new one when it runs out. */
const TOKEN_TTL_MS = 30_000

interface ExportedToken {
  /** the DC and key that exported it, and that will be logged in */
  loginKey: string
  /** the session that exported it: told (updateLoginToken) when the token is accepted */
  exporter: Pick<CallContext, 'connection' | 'sessionId' | 'apiId'>
  /** set when an app "scans" the QR code */
  acceptedBy?: number
}

const qrState = perState((state: TestkitState) => ({
  /** token (hex) → what it was exported for */
  exported: new Expiring<ExportedToken>(TOKEN_TTL_MS, () => state.now()),
  /** login key → its current token: exporting again replaces it */
  current: new Map<string, string>(),
  /** token (hex) of auth.loginTokenMigrateTo → the account, importable on its home DC only */
  migrating: new Expiring<{ dcId: number; userId: number }>(TOKEN_TTL_MS, () => state.now()),
}))

const hex = (token: unknown): string =>
  token instanceof Uint8Array
    ? Buffer.from(token.buffer, token.byteOffset, token.byteLength).toString('hex')
    : ''

/**
 * A logged-in app "scans" a QR code: the exporting key may log in as `userId`
 * on its next auth.exportLoginToken, and the exporting session hears
 * updateLoginToken. The answer describes the session being logged in, as
 * Telegram's auth.acceptLoginToken does (the testkit keeps no device details).
 */
export function acceptLoginToken(
  state: TestkitState,
  token: Uint8Array,
  userId: number,
): tl.RawAuthorization {
  const issued = qrState(state).exported.get(hex(token))
  if (!issued) throw new RpcError(400, 'AUTH_TOKEN_INVALID')
  if (issued.expired) throw new RpcError(400, 'AUTH_TOKEN_EXPIRED')
  if (issued.value.acceptedBy !== undefined) throw new RpcError(400, 'AUTH_TOKEN_ALREADY_ACCEPTED')
  const user = state.index.user(userId)
  if (!user || 'token' in user) throw new RpcError(400, 'USER_ID_INVALID')
  issued.value.acceptedBy = userId
  const { connection, sessionId, apiId } = issued.value.exporter
  const now = Math.floor(state.now() / 1000)
  const scanned: tl.RawUpdateShort = { _: 'updateShort', update: { _: 'updateLoginToken' }, date: now }
  connection.notify(sessionId, scanned)
  return {
    _: 'authorization',
    hash: Long.fromBytesLE([...randomBytes(8)]),
    deviceModel: 'testkit',
    platform: 'testkit',
    systemVersion: 'testkit',
    apiId: apiId ?? state.world.apiId,
    appName: 'tgfetch testkit',
    appVersion: '1',
    dateCreated: now,
    dateActive: now,
    ip: '127.0.0.1',
    country: '',
    region: '',
  }
}

/**
 * QR login: auth.exportLoginToken until the token is accepted, then
 * auth.loginTokenSuccess — or auth.loginTokenMigrateTo the account's home
 * DC, where auth.importLoginToken finishes it.
 */
export function registerQrHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  const store = qrState(state)

  const success = (ctx: CallContext, account: WorldAccount): tl.auth.RawLoginTokenSuccess => ({
    _: 'auth.loginTokenSuccess',
    authorization: logInOrAskPassword(state, ctx, account),
  })

  registry.on('auth.exportLoginToken', (req, ctx) => {
    checkApp(state.world, req.apiId, req.apiHash)
    const loginKey = loginKeyOf(ctx)
    const previous = store.current.get(loginKey)
    const accepted = previous === undefined ? undefined : store.exported.get(previous)
    if (previous !== undefined) {
      store.exported.delete(previous)
      store.current.delete(loginKey)
    }
    const userId = accepted && !accepted.expired ? accepted.value.acceptedBy : undefined
    if (userId !== undefined) {
      const account = state.index.user(userId) as WorldAccount
      if (account.dc === api.dcId) return success(ctx, account)
      const token = randomBytes(32)
      store.migrating.set(hex(token), { dcId: account.dc, userId })
      return {
        _: 'auth.loginTokenMigrateTo',
        dcId: account.dc,
        token,
      } satisfies tl.auth.RawLoginTokenMigrateTo
    }
    const token = randomBytes(32)
    const expiresAt = store.exported.set(hex(token), {
      loginKey,
      exporter: { connection: ctx.connection, sessionId: ctx.sessionId, apiId: ctx.apiId },
    })
    store.current.set(loginKey, hex(token))
    return {
      _: 'auth.loginToken',
      expires: Math.floor(expiresAt / 1000),
      token,
    } satisfies tl.auth.RawLoginToken
  })

  // an app logged in as a user scans the code: as Telegram, only a user (not a bot) may
  registry.on('auth.acceptLoginToken', (req, ctx) => {
    const userId = state.requireUser(ctx)
    if (state.index.isBot(userId)) throw new RpcError(400, 'BOT_METHOD_INVALID')
    const token = req.token instanceof Uint8Array ? req.token : new Uint8Array(0)
    return acceptLoginToken(state, token, userId)
  })

  registry.on('auth.importLoginToken', (req, ctx) => {
    const key = hex(req.token)
    const migrating = store.migrating.get(key)
    if (!migrating || migrating.value.dcId !== api.dcId) throw new RpcError(400, 'AUTH_TOKEN_INVALID')
    if (migrating.expired) throw new RpcError(400, 'AUTH_TOKEN_EXPIRED')
    store.migrating.delete(key)
    return success(ctx, state.index.user(migrating.value.userId) as WorldAccount)
  })
}
