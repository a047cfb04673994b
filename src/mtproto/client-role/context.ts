import type { Outbox } from '../outbox.js'
import type { SessionState } from '../session-state.js'
import type { PendingRequest, PendingRequests } from './pending.js'

/** What the per-message handlers of the client role may touch. */
export interface ClientContext {
  readonly state: SessionState
  readonly pending: PendingRequests
  readonly outbox: Outbox
  /**
   * sends a request again under a new msg_id (after bad_server_salt, time correction; `reason`
   * says which), or hands it back to its caller (CallOptions.autoResend false)
   */
  resend(request: PendingRequest, reason: string): void
  /** anything that is not an answer: updates, for the layers above */
  emitUpdate(update: unknown): void
  /** the session cannot go on (e.g. bad_msg 32/33 twice): close the connection with this error */
  fail(error: Error): void
}
