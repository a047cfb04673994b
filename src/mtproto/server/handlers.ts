import type Long from 'long'
import type { TlObject } from '../../tl/index.js'
import { RpcError } from '../rpc-error.js'
import type { ServerAuthKey } from './auth-keys.js'

/** What a method handler knows about the call it answers. */
export interface CallContext {
  dcId: number
  authKey: ServerAuthKey
  sessionId: Long
  msgId: Long
  /** from invokeWithLayer / initConnection, once the client sent them */
  layer?: number
  apiId?: number
  /** closes the connection the call came on (fault injection) */
  dropConnection(): void
  signal: AbortSignal
}

/**
 * A handler returns the result object, or already-serialized result bytes
 * (hot paths), or throws an {@link RpcError}.
 */
export type MethodHandler = (request: TlObject & Record<string, unknown>, ctx: CallContext) => unknown

/** API methods a server answers, by name. Unknown methods get Telegram's error. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, MethodHandler>()

  on(method: string, handler: MethodHandler): this {
    this.handlers.set(method, handler)
    return this
  }

  has(method: string): boolean {
    return this.handlers.has(method)
  }

  async dispatch(request: TlObject & Record<string, unknown>, ctx: CallContext): Promise<unknown> {
    const handler = this.handlers.get(request._)
    if (!handler) throw new RpcError(400, 'METHOD_INVALID', request._)
    return handler(request, ctx)
  }
}
