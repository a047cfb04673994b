import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { checkApp, logInAs } from './auth-state.js'

/** auth.importBotAuthorization: a BotFather token logs in as its bot, on the bot's own DC. */
export function registerBotHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  registry.on('auth.importBotAuthorization', (req, ctx) => {
    checkApp(state.world, req.apiId, req.apiHash)
    const bot = state.index.botByToken(String(req.botAuthToken))
    if (!bot) throw new RpcError(400, 'ACCESS_TOKEN_INVALID')
    if (bot.dc !== api.dcId) throw new RpcError(303, `USER_MIGRATE_${bot.dc}`)
    return logInAs(state, ctx, bot)
  })
}
