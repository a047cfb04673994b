import type { IncomingMessage } from 'node:http'
import { FramingError } from '../errors.js'

/** Reads a whole request or response body, refusing more than `max` bytes. */
export function readBody(message: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(message.headers['content-length'] ?? 0)
    if (declared > max) {
      message.resume()
      reject(new FramingError(`HTTP body of ${declared} bytes exceeds ${max}`))
      return
    }
    const chunks: Buffer[] = []
    let length = 0
    message.on('data', (chunk: Buffer) => {
      length += chunk.length
      if (length > max) {
        message.destroy(new FramingError(`HTTP body exceeds ${max} bytes`))
        return
      }
      chunks.push(chunk)
    })
    message.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)))
    message.once('error', reject)
    message.once('aborted', () => reject(new FramingError('HTTP body cut short')))
  })
}
