import type { HandlerRegistry } from '../../mtproto/index.js'
import type { DcApi } from '../cluster/api-context.js'

export function registerUploadHandlers(registry: HandlerRegistry, api: DcApi): void {
  void registry
  void api
}
