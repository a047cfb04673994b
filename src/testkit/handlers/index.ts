import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import type { TestkitState } from '../cluster/state.js'
import { registerAuthHandlers } from './auth.js'
import { registerCdnHandlers } from './cdn.js'
import { registerContentHandlers } from './content.js'
import { registerHelpHandlers } from './help.js'
import { registerUploadHandlers } from './upload.js'
import { closeUploadServices } from './upload-services.js'

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

/** Releases what the handlers of a cluster hold beyond their requests (open files), when it closes. */
export function closeApi(state: TestkitState): Promise<void> {
  return closeUploadServices(state)
}
