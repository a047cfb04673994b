import { randomBytes } from 'node:crypto'
import type { tl } from '@mtcute/tl'
import Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import type { TestkitState } from '../cluster/state.js'
import { Expiring, logInAs, perState } from './auth-state.js'

/** How long exported bytes can be imported. */
const EXPORT_TTL_MS = 5 * 60_000

/** bytes (hex) → who may import them where; each is deleted when used */
const exportedBytes = perState(
  (state: TestkitState) => new Expiring<{ userId: number; dcId: number }>(EXPORT_TTL_MS, () => state.now()),
)

/**
 * Cross-DC authorization: auth.exportAuthorization on the home DC, then
 * auth.importAuthorization on the target DC with bytes exported for that DC
 * and that user, used once, in time — otherwise 400 AUTH_BYTES_INVALID.
 */
export function registerTransferHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  const issued = exportedBytes(state)

  registry.on('auth.exportAuthorization', (req, ctx): tl.auth.RawExportedAuthorization => {
    const userId = state.requireUser(ctx)
    const dcId = req.dcId as number
    if (dcId === api.dcId || !api.addresses().some((a) => a.id === dcId && !a.cdn))
      throw new RpcError(400, 'DC_ID_INVALID')
    const bytes = randomBytes(128)
    issued.set(bytes.toString('hex'), { userId, dcId })
    return { _: 'auth.exportedAuthorization', id: Long.fromNumber(userId), bytes }
  })

  registry.on('auth.importAuthorization', (req, ctx) => {
    const key = Buffer.from(req.bytes as Uint8Array).toString('hex')
    const entry = issued.get(key)
    const userId = (req.id as Long).toNumber()
    if (!entry || entry.expired || entry.value.dcId !== api.dcId || entry.value.userId !== userId)
      throw new RpcError(400, 'AUTH_BYTES_INVALID')
    issued.delete(key)
    const user = state.index.user(userId)
    if (!user) throw new RpcError(400, 'USER_ID_INVALID')
    return logInAs(state, ctx, user)
  })
}
