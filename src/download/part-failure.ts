import { isConnectionLost } from '../client/transient.js'
import { TgfetchError } from '../errors/index.js'
import { ResendRequiredError, RpcError, RpcTimeoutError } from '../mtproto/index.js'
import { TransportError } from '../transport/index.js'
import { PoolClosedError } from './pooled-connection.js'

/** Why a part request failed, as far as what to do next is concerned. */
export type PartFailure =
  | { kind: 'flood'; seconds: number; premium: boolean }
  | { kind: 'file-reference' }
  | { kind: 'migrate'; dcId: number }
  | { kind: 'auth-unregistered' }
  | { kind: 'cdn-fallback' }
  | { kind: 'timeout' }
  /** the server asked for the request again (bad_server_salt…): send it again, through the flood gate */
  | { kind: 'resend'; error: Error }
  /** the connection died (closed, reset, bad packet): another one will do */
  | { kind: 'connection'; error: Error }
  /** Telegram had a bad moment (5xx, -503-like): try again shortly */
  | { kind: 'transient'; error: Error }
  | { kind: 'aborted' }
  | { kind: 'fatal'; error: Error }

export function classifyFailure(e: unknown, signal: AbortSignal): PartFailure {
  if (signal.aborted) return { kind: 'aborted' }
  // RpcTimeoutError, or a part's own deadline (AbortSignal.timeout's TimeoutError)
  if (e instanceof RpcTimeoutError || (e instanceof Error && e.name === 'TimeoutError'))
    return { kind: 'timeout' }
  if (e instanceof ShortPartError) return { kind: 'transient', error: e }
  if (e instanceof ResendRequiredError) return { kind: 'resend', error: e }
  if (e instanceof RpcError) {
    if (e.kind === 'FLOOD_WAIT' || e.kind === 'FLOOD_PREMIUM_WAIT')
      return { kind: 'flood', seconds: e.seconds ?? 1, premium: e.kind === 'FLOOD_PREMIUM_WAIT' }
    if (e.is('FILE_REFERENCE_EXPIRED') || e.is('FILE_REFERENCE_INVALID') || e.is('FILEREF_UPGRADE_NEEDED'))
      return { kind: 'file-reference' }
    if (e.kind === 'FILE_MIGRATE' && e.dc !== undefined) return { kind: 'migrate', dcId: e.dc }
    if (e.is('AUTH_KEY_UNREGISTERED') || e.is('SESSION_REVOKED') || e.is('SESSION_EXPIRED'))
      return { kind: 'auth-unregistered' }
    if (e.is('FILE_TOKEN_INVALID') || e.is('REQUEST_TOKEN_INVALID') || e.is('CDN_METHOD_INVALID'))
      return { kind: 'cdn-fallback' }
    if (e.code >= 500 || e.code === -503 || e.is('TIMEOUT')) return { kind: 'transient', error: e }
    return { kind: 'fatal', error: e }
  }
  // -404: the DC no longer knows the auth key (CDN DCs drop theirs at will)
  if (e instanceof TransportError && e.code === -404) return { kind: 'auth-unregistered' }
  if (e instanceof PoolClosedError || isConnectionLost(e)) return { kind: 'connection', error: e as Error }
  return { kind: 'fatal', error: e instanceof Error ? e : new Error(String(e)) }
}

/** Telegram answered a part with fewer bytes than the file has there. */
export class ShortPartError extends TgfetchError {
  readonly category = 'download'
  constructor(offset: number, got: number, expected: number) {
    super(`part at ${offset}: ${got} bytes instead of ${expected}`)
  }
}

/** A download failed for a reason retrying won't fix. */
export class DownloadError extends TgfetchError {
  readonly category = 'download'
}
