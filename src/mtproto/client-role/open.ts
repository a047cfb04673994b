import type Long from 'long'
import type { RsaPublicKey } from '../../crypto/index.js'
import { type ConnectOptions, connectTransport } from '../../transport/index.js'
import { framedLink } from '../framed-link.js'
import { clientHandshake } from '../handshake/index.js'
import type { PacketLink } from '../link.js'
import { toAuthKey } from '../session-state.js'
import { bindTempAuthKey } from './bind-temp-key.js'
import { ClientSession, type ClientSessionOptions } from './client-session.js'
import { plainRpc } from './plain-rpc.js'

export interface OpenSessionOptions
  extends Omit<ConnectOptions, 'dcId'>,
    Omit<ClientSessionOptions, 'authKey' | 'salt' | 'timeOffset'> {
  dcId: number
  /** Telegram's (or the test server's) public keys, for a new key exchange */
  publicKeys: RsaPublicKey[]
  /** an existing auth key; without one, a key exchange runs first */
  authKey?: Uint8Array
  salt?: Long
  timeOffset?: number
  testMode?: boolean
  mediaOnly?: boolean
  /**
   * Perfect forward secrecy: run on a fresh temporary key living `expiresIn`
   * seconds, bound to the permanent `authKey` with auth.bindTempAuthKey.
   */
  pfs?: { expiresIn: number }
  /** a link other than a framed byte stream (the HTTP transport); then no socket is opened */
  openLink?: () => PacketLink
}

export interface OpenedSession {
  session: ClientSession
  /** the key the session uses (new if a key exchange ran) */
  authKey: Uint8Array
}

/** Connects to a DC (TCP, WebSocket or HTTP), creates an auth key if none is given, and starts a session. */
export async function openClientSession(opts: OpenSessionOptions): Promise<OpenedSession> {
  const wireDcId = (opts.testMode ? 10000 + opts.dcId : opts.dcId) * (opts.mediaOnly ? -1 : 1)
  const link = opts.openLink?.() ?? framedLink(await connectTransport({ ...opts, dcId: wireDcId }))
  try {
    if (opts.pfs && !opts.authKey) throw new TypeError('pfs needs the permanent authKey to bind to')
    let authKey = opts.pfs ? undefined : opts.authKey
    let salt = opts.salt
    let timeOffset = opts.timeOffset
    let expiresAt: number | undefined
    if (!authKey) {
      const result = await clientHandshake(plainRpc(link, { now: opts.now }), {
        dcId: opts.dcId,
        publicKeys: opts.publicKeys,
        testMode: opts.testMode,
        mediaOnly: opts.mediaOnly,
        temp: opts.pfs,
        random: opts.random,
        now: opts.now,
        signal: opts.signal,
      })
      authKey = result.authKey
      salt = result.serverSalt
      timeOffset = result.timeOffset
      expiresAt = result.expiresAt
    }
    const session = new ClientSession(link, { ...opts, authKey: toAuthKey(authKey), salt, timeOffset })
    if (opts.pfs && opts.authKey && expiresAt !== undefined) {
      await bindTempAuthKey(session, { permKey: opts.authKey, expiresAt, signal: opts.signal })
    }
    return { session, authKey }
  } catch (e) {
    link.close(e as Error)
    throw e
  }
}
