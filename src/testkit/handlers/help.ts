import type { HandlerRegistry } from '../../mtproto/index.js'
import type { DcApi } from '../cluster/api-context.js'

export function registerHelpHandlers(registry: HandlerRegistry, api: DcApi): void {
  void registry
  void api
}
