import type { WebSocket } from 'ws'
import { createCodec } from '../codec.js'
import { acceptObfuscatedInit, INIT_LENGTH } from '../obfuscated2.js'

/**
 * A test server's side of one WebSocket: once the client's obfuscated2 init has
 * arrived (in however many messages), `answer` gets `frames` as the client will
 * read them — each framed by the codec the init named, all encrypted, as one
 * byte string — to send cut up as the test likes.
 */
export function answerAfterInit(ws: WebSocket, frames: Uint8Array[], answer: (bytes: Buffer) => void): void {
  let head = Buffer.alloc(0)
  const onMessage = (data: Buffer): void => {
    head = Buffer.concat([head, data])
    if (head.length < INIT_LENGTH) return
    ws.off('message', onMessage)
    const init = acceptObfuscatedInit(head.subarray(0, INIT_LENGTH))
    const codec = createCodec(init.name, 'server')
    answer(Buffer.concat(frames.map((p) => init.encrypt.update(codec.encode(p)))))
  }
  ws.on('message', onMessage)
}
