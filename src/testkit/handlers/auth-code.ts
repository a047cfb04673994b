import { randomBytes } from 'node:crypto'
import type { tl } from '@mtcute/tl'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import type { TestkitState } from '../cluster/state.js'
import type { WorldAccount } from '../world/types.js'
import { logInOrAskPassword } from './auth-password.js'
import { checkApp, Expiring, perState } from './auth-state.js'

/** How long a sent code can be entered. */
const CODE_TTL_MS = 10 * 60_000
const CODE_LENGTH = 5

/** phone + phone_code_hash → nothing more to know: the code is the account's own */
const sentCodes = perState((state: TestkitState) => new Expiring<true>(CODE_TTL_MS, () => state.now()))

/**
 * Login by phone: auth.sendCode and auth.signIn. Test numbers are
 * 99966XYYYY, X the account's home DC; asking another DC answers
 * 303 PHONE_MIGRATE_X, and the code is X five times.
 */
export function registerCodeHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  const codes = sentCodes(state)

  /** The account behind a phone number, if it lives on this DC. */
  const homeAccount = (phone: unknown): WorldAccount => {
    const account = typeof phone === 'string' ? state.index.accountByPhone(phone) : undefined
    if (!account) throw new RpcError(400, 'PHONE_NUMBER_INVALID')
    if (account.dc !== api.dcId) throw new RpcError(303, `PHONE_MIGRATE_${account.dc}`)
    return account
  }

  registry.on('auth.sendCode', (req): tl.auth.RawSentCode => {
    checkApp(state.world, req.apiId, req.apiHash)
    const account = homeAccount(req.phoneNumber)
    const phoneCodeHash = randomBytes(9).toString('hex')
    codes.set(`${account.phone}:${phoneCodeHash}`, true)
    return { _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeApp', length: CODE_LENGTH }, phoneCodeHash }
  })

  registry.on('auth.signIn', (req, ctx) => {
    const account = homeAccount(req.phoneNumber)
    const hash = req.phoneCodeHash as string
    if (!hash) throw new RpcError(400, 'PHONE_CODE_HASH_EMPTY')
    const code = req.phoneCode as string | undefined
    if (!code) throw new RpcError(400, 'PHONE_CODE_EMPTY')
    const key = `${account.phone}:${hash}`
    const sent = codes.get(key)
    if (!sent || sent.expired) throw new RpcError(400, 'PHONE_CODE_EXPIRED')
    if (code !== account.code) throw new RpcError(400, 'PHONE_CODE_INVALID')
    codes.delete(key)
    return logInOrAskPassword(state, ctx, account)
  })
}
