import type { Duplex } from 'node:stream'

export interface PrefixRules {
  /**
   * Given everything received so far: the length of the complete prefix, or
   * undefined to wait for more. Throws (an error to reject with) when the
   * bytes can never become a valid prefix, e.g. they grew past a limit.
   */
  prefixLength(received: Buffer): number | undefined
  /** the error when the peer closes before the prefix is complete */
  closed(): Error
  /** the error for a socket error */
  failed(err: Error): Error
}

/**
 * Reads a proxy handshake's answer (an HTTP response head, a TLS server
 * hello) off a socket: resolves with the prefix and whatever came after it,
 * leaving the socket paused; on any failure or abort the socket is destroyed.
 */
export function readPrefix(
  socket: Duplex,
  signal: AbortSignal,
  rules: PrefixRules,
): Promise<{ prefix: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    const cleanup = (): void => {
      socket.off('data', onData)
      socket.off('end', onClose)
      socket.off('close', onClose)
      socket.off('error', onError)
      signal.removeEventListener('abort', onAbort)
    }
    const fail = (err: unknown): void => {
      cleanup()
      socket.on('error', () => undefined)
      socket.destroy()
      reject(err)
    }
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk])
      let length: number | undefined
      try {
        length = rules.prefixLength(buf)
      } catch (e) {
        fail(e)
        return
      }
      if (length === undefined) return
      cleanup()
      socket.pause()
      resolve({ prefix: buf.subarray(0, length), rest: buf.subarray(length) })
    }
    const onClose = (): void => fail(rules.closed())
    const onError = (err: Error): void => fail(rules.failed(err))
    const onAbort = (): void => fail(signal.reason)
    if (signal.aborted) {
      onAbort()
      return
    }
    socket.on('data', onData)
    socket.once('end', onClose)
    socket.once('close', onClose)
    socket.on('error', onError)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
