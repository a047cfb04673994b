import type Long from 'long'
import type { TlObject } from '../../tl/index.js'
import { RpcError } from '../rpc-error.js'
import type { ServerAuthKey } from './auth-keys.js'
import type { ServerConnection } from './server-connection.js'

/** What a method handler knows about the call it answers. */
export interface CallContext {
  dcId: number
  authKey: ServerAuthKey
  sessionId: Long
  msgId: Long
  /** from invokeWithLayer / initConnection, once the client sent them */
  layer?: number
  apiId?: number
  /** the connection the call came on */
  connection: ServerConnection
  /** the call came inside invokeWithoutUpdates: it must not subscribe the session to updates */
  withoutUpdates?: boolean
  signal: AbortSignal
}

/**
 * A handler returns the result object, or already-serialized result bytes
 * (hot paths), or throws an {@link RpcError}.
 */
export type MethodHandler = (request: TlObject & Record<string, unknown>, ctx: CallContext) => unknown

/** Runs around every API call: shaping, rate limits, faults, accounting. */
export type Middleware = (
  request: TlObject & Record<string, unknown>,
  ctx: CallContext,
  next: () => Promise<unknown>,
) => Promise<unknown>

/** API methods a server answers, by name. Unknown methods get Telegram's error. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, MethodHandler>()
  private readonly middleware: Middleware[] = []

  /** Adds a middleware; the first added runs outermost. */
  use(mw: Middleware): this {
    this.middleware.push(mw)
    return this
  }

  on(method: string, handler: MethodHandler): this {
    this.handlers.set(method, handler)
    return this
  }

  has(method: string): boolean {
    return this.handlers.has(method)
  }

  dispatch(request: TlObject & Record<string, unknown>, ctx: CallContext): Promise<unknown> {
    const run = (i: number): Promise<unknown> => {
      const mw = this.middleware[i]
      if (mw) return mw(request, ctx, () => run(i + 1))
      const handler = this.handlers.get(request._)
      if (!handler) return Promise.reject(new RpcError(400, 'METHOD_INVALID', request._))
      return Promise.resolve().then(() => handler(request, ctx))
    }
    return run(0)
  }
}
