import type { tl } from '@mtcute/tl'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { registerBotHandlers } from './auth-bot.js'
import { registerCodeHandlers } from './auth-code.js'
import { registerPasswordHandlers } from './auth-password.js'
import { registerQrHandlers } from './auth-qr.js'
import { registerTransferHandlers } from './auth-transfer.js'
import { registerUserHandlers } from './users.js'

export { acceptLoginToken } from './auth-qr.js'

/**
 * Logins of every kind (phone + code + 2FA, bot token, QR, cross-DC
 * export/import) with Telegram's migrate rules, auth.logOut, and the
 * user methods a client calls right after logging in.
 */
export function registerAuthHandlers(registry: HandlerRegistry, api: DcApi): void {
  registerCodeHandlers(registry, api)
  registerPasswordHandlers(registry, api)
  registerBotHandlers(registry, api)
  registerQrHandlers(registry, api)
  registerTransferHandlers(registry, api)
  registerUserHandlers(registry, api)
  registry.on('auth.logOut', (_req, ctx): tl.auth.RawLoggedOut => {
    api.state.requireUser(ctx)
    api.state.logOut(ctx)
    return { _: 'auth.loggedOut' }
  })
}
