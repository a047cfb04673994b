import type { HandlerRegistry } from '../../mtproto/index.js'
import type { DcApi } from '../cluster/api-context.js'

export function registerCdnHandlers(registry: HandlerRegistry, api: DcApi): void {
  void registry
  void api
}
