/**
 * What MTProto needs from a transport: send a packet, receive packets, learn
 * when the link is gone. `transport/` provides it over TCP; tests may use memory.
 */
export interface PacketLink {
  send(packet: Uint8Array): Promise<void>
  /** starts delivering packets; `onClose` runs once, with the error if it failed */
  start(handlers: {
    onPacket(packet: Uint8Array): void
    onClose(error?: Error): void
    /**
     * client role, HTTP: no request is open, so the server has nothing to answer
     * on; the session sends http_wait for it to hold
     */
    onIdle?(): void
  }): void
  close(error?: Error): void
  /** server role: a transport-level error such as -404 (unknown auth key) */
  sendTransportError?(code: number): Promise<void>
}
