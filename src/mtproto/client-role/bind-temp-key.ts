import { ID_BOOL_TRUE } from '../../tl/index.js'
import { buildBindTempAuthKeyRequest } from '../handshake/index.js'
import { MtprotoError } from '../rpc-error.js'
import type { ClientSession } from './client-session.js'

/**
 * Binds the temporary key a session runs on to a permanent key
 * (core.telegram.org/api/pfs): the request names its own msg_id and session,
 * so it is sent alone under that msg_id.
 */
export async function bindTempAuthKey(
  session: ClientSession,
  opts: { permKey: Uint8Array; expiresAt: number; signal?: AbortSignal },
): Promise<void> {
  const msgId = session.state.msgIds.next()
  const request = buildBindTempAuthKeyRequest({
    permKey: opts.permKey,
    tempKey: session.state.authKey.key,
    tempSessionId: session.state.sessionId,
    expiresAt: opts.expiresAt,
    msgId,
  })
  const answer = await session.callRaw(request, { msgId, signal: opts.signal })
  const bool = answer.length >= 4 ? new DataView(answer.buffer, answer.byteOffset, 4).getUint32(0, true) : 0
  if (bool !== ID_BOOL_TRUE) throw new MtprotoError('auth.bindTempAuthKey did not answer boolTrue')
}
