import { deserializeTl, serializeTl } from '../../tl/index.js'
import type { PlainRpc } from '../handshake/index.js'
import type { PacketLink } from '../link.js'
import { MsgIdGenerator } from '../msg-id.js'
import { decodePlainMessage, encodePlainMessage } from '../plain-message.js'
import { MtprotoError, RpcTimeoutError } from '../rpc-error.js'

/**
 * Unencrypted request/response over a link, one at a time: all the key
 * exchange needs.
 */
export function plainRpc(link: PacketLink, opts: { timeoutMs?: number; now?: () => number } = {}): PlainRpc {
  const msgIds = new MsgIdGenerator(opts.now)
  let waiting: { resolve(v: unknown): void; reject(e: Error): void } | undefined
  let closedWith: Error | undefined
  link.start({
    onPacket(packet) {
      const w = waiting
      waiting = undefined
      if (!w) return
      try {
        w.resolve(deserializeTl(decodePlainMessage(packet).body))
      } catch (e) {
        w.reject(e as Error)
      }
    },
    onClose(error) {
      closedWith = error ?? new MtprotoError('connection closed during key exchange')
      waiting?.reject(closedWith)
      waiting = undefined
    },
  })
  return {
    call(request, signal) {
      if (closedWith) return Promise.reject(closedWith)
      return new Promise((resolve, reject) => {
        const timeoutMs = opts.timeoutMs ?? 15_000
        const timer = setTimeout(() => fail(new RpcTimeoutError(request._, timeoutMs)), timeoutMs)
        const onAbort = (): void => fail(signal?.reason as Error)
        const fail = (e: Error): void => {
          waiting = undefined
          cleanup()
          reject(e)
        }
        const cleanup = (): void => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiting = {
          resolve: (v) => {
            cleanup()
            resolve(v)
          },
          reject: (e) => {
            cleanup()
            reject(e)
          },
        }
        link.send(encodePlainMessage(msgIds.next(), serializeTl(request))).catch(fail)
      })
    },
  }
}
