import type { tl } from '@mtcute/tl'
import type Long from 'long'
import { SessionState, toAuthKey } from '../src/mtproto/index.js'
import { serializeTl } from '../src/tl/index.js'
import { connectTransport } from '../src/transport/index.js'

const PART = 1024 * 1024

/**
 * The fastest client there can be, for measuring a server: it seals
 * upload.getFile requests like any client but never decrypts the answers —
 * every frame bigger than a part's worth of overhead counts as one part.
 */
export async function rawDownload(opts: {
  port: number
  authKey: Uint8Array
  salt: Long
  location: tl.TypeInputFileLocation
  size: number
  inFlight: number
}): Promise<void> {
  const conn = await connectTransport({
    host: '127.0.0.1',
    port: opts.port,
    dcId: 2,
    transport: 'intermediate',
  })
  const state = new SessionState(toAuthKey(opts.authKey), 'client', { salt: opts.salt })
  const parts = Math.ceil(opts.size / PART)
  let sent = 0
  let received = 0
  const request = (): void => {
    const offset = sent++ * PART
    const body = serializeTl({
      _: 'upload.getFile',
      location: opts.location,
      offset,
      limit: PART,
    } as tl.upload.RawGetFileRequest)
    void conn.send(state.seal(state.msgIds.next(), state.seqNo.next(true), body))
  }
  for (let i = 0; i < Math.min(opts.inFlight, parts); i++) request()
  for await (const frame of conn) {
    if (frame.kind !== 'packet' || frame.data.length < PART / 2) continue
    received++
    if (sent < parts) request()
    if (received === parts) break
  }
  conn.close()
}
