import type Long from 'long'

/** A request sent and waiting for its rpc_result. */
export interface PendingRequest {
  method: string
  /** the serialized request, kept to resend it after bad_server_salt or a time correction */
  body: Uint8Array
  /** msg_id for the first send only (see CallOptions.msgId) */
  fixedMsgId?: Long
  /** see CallOptions.autoResend */
  autoResend: boolean
  resolve(result: Uint8Array): void
  reject(error: Error): void
  msgId?: Long
  containerId?: Long
  cleanup(): void
}

/**
 * Requests in flight by msg_id, and containers by their msg_id so a
 * bad_server_salt naming a container resends everything in it.
 */
export class PendingRequests {
  private readonly byMsgId = new Map<string, PendingRequest>()
  private readonly containers = new Map<string, string[]>()

  get size(): number {
    return this.byMsgId.size
  }

  sent(request: PendingRequest, msgId: Long, containerId: Long | undefined): void {
    request.msgId = msgId
    request.containerId = containerId
    this.byMsgId.set(msgId.toString(), request)
    if (containerId) {
      const key = containerId.toString()
      const list = this.containers.get(key)
      if (list) list.push(msgId.toString())
      else this.containers.set(key, [msgId.toString()])
    }
  }

  /** Removes and returns the request answered by `reqMsgId`. */
  take(reqMsgId: Long): PendingRequest | undefined {
    const key = reqMsgId.toString()
    const request = this.byMsgId.get(key)
    if (!request) return undefined
    this.byMsgId.delete(key)
    if (request.containerId) this.forgetInContainer(request.containerId.toString(), key)
    return request
  }

  /** The requests a bad msg_id names: itself, or everything in the container it names. */
  takeNamed(badMsgId: Long): PendingRequest[] {
    const key = badMsgId.toString()
    const inContainer = this.containers.get(key)
    if (inContainer) {
      this.containers.delete(key)
      return inContainer.flatMap((id) => this.takeKey(id))
    }
    return this.takeKey(key)
  }

  private takeKey(key: string): PendingRequest[] {
    const request = this.byMsgId.get(key)
    if (!request) return []
    this.byMsgId.delete(key)
    return [request]
  }

  remove(request: PendingRequest): void {
    if (request.msgId) this.take(request.msgId)
  }

  private forgetInContainer(containerKey: string, msgKey: string): void {
    const list = this.containers.get(containerKey)
    if (!list) return
    const rest = list.filter((id) => id !== msgKey)
    if (rest.length === 0) this.containers.delete(containerKey)
    else this.containers.set(containerKey, rest)
  }

  /** Every request still waiting (the connection is closing). */
  drain(): PendingRequest[] {
    const all = [...this.byMsgId.values()]
    this.byMsgId.clear()
    this.containers.clear()
    return all
  }
}
