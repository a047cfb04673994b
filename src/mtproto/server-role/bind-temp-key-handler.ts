import { HandshakeError, verifyBindTempAuthKey } from '../handshake/index.js'
import { RpcError } from '../rpc-error.js'
import { type AuthKeyStore, keyIdHex } from './auth-keys.js'
import type { MethodHandler } from './handlers.js'

/**
 * auth.bindTempAuthKey (core.telegram.org/api/pfs): checks the message
 * encrypted with the permanent key and binds the temporary key the call came
 * on to it, so later calls on the temp key act for the perm key's account.
 */
export function bindTempAuthKeyHandler(keys: AuthKeyStore, now: () => number): MethodHandler {
  return (request, ctx) => {
    try {
      const { permAuthKeyId } = verifyBindTempAuthKey(
        request,
        (id) => {
          const perm = keys.get(id)
          return perm && !perm.temp ? perm.key : undefined
        },
        {
          tempKeyId: ctx.authKey.id,
          tempSessionId: ctx.sessionId,
          msgId: ctx.msgId,
          now: Math.floor(now() / 1000),
        },
      )
      if (!ctx.authKey.temp) throw new RpcError(400, 'TEMP_AUTH_KEY_EMPTY')
      ctx.authKey.boundTo = keyIdHex(permAuthKeyId)
      return true
    } catch (e) {
      throw e instanceof HandshakeError ? new RpcError(400, e.code) : e
    }
  }
}
