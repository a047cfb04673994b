import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { registerAuthHandlers } from './auth.js'
import { registerCdnHandlers } from './cdn.js'
import { registerContentHandlers } from './content.js'
import { registerHelpHandlers } from './help.js'
import { registerUploadHandlers } from './upload.js'

/** The Telegram API methods a testkit DC answers. */
export function registerApi(registry: HandlerRegistry, api: DcApi): void {
  registerHelpHandlers(registry, api)
  if (api.cdn) {
    registerCdnHandlers(registry, api)
    return
  }
  registerAuthHandlers(registry, api)
  registerContentHandlers(registry, api)
  registerUploadHandlers(registry, api)
}
