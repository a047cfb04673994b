import type { FramedConnection } from '../transport/index.js'
import type { PacketLink } from './link.js'

type Handlers = Parameters<PacketLink['start']>[0]

/**
 * A {@link PacketLink} over a transport connection. `start` may be called
 * again to hand the link to a new owner (the key exchange, then the session).
 */
export function framedLink(conn: FramedConnection): PacketLink {
  let handlers: Handlers | undefined
  let pumping = false
  const pump = async (): Promise<void> => {
    let error: Error | undefined
    try {
      for await (const frame of conn) {
        if (frame.kind === 'packet') handlers?.onPacket(frame.data)
      }
    } catch (e) {
      error = e as Error
    }
    conn.close(error)
    handlers?.onClose(error)
  }
  return {
    send: (packet) => conn.send(packet),
    sendTransportError: (code) => conn.sendError(code),
    start(next) {
      handlers = next
      if (!pumping) {
        pumping = true
        void pump()
      }
    },
    close: (error) => conn.close(error),
  }
}
