// Shared by this folder's tests: deterministic randomness, one RSA key pair,
// and an in-memory PlainRpc that goes through real TL bytes in both directions.
import { generateRsaKey, type RandomSource, type RsaPrivateKey, sha256 } from '../../crypto/index.js'
import { deserializeTl, objectReaders, serializeTl, serverReaders, type TlObject } from '../../tl/index.js'
import type { PlainRpc } from './client-flow.js'
import type { ServerHandshake } from './server-flow.js'

/** A reproducible RandomSource: SHA-256 in counter mode over `seed`. */
export function seededRandom(seed: string): RandomSource {
  let counter = 0
  let pool: Uint8Array = new Uint8Array(0)
  return (n) => {
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      if (pool.length === 0) pool = sha256(new TextEncoder().encode(`${seed}/${counter++}`))
      const take = Math.min(pool.length, n - filled)
      out.set(pool.subarray(0, take), filled)
      pool = pool.subarray(take)
      filled += take
    }
    return out
  }
}

let cachedKey: RsaPrivateKey | undefined

/** One 2048-bit key pair per test process (generation takes a moment). */
export function testRsaKey(): RsaPrivateKey {
  cachedKey ??= generateRsaKey(2048)
  return cachedKey
}

export interface LoopbackHooks {
  /** rewrite a request's bytes before the server reads them */
  request?: (bytes: Uint8Array, name: string) => Uint8Array
  /** rewrite a reply's bytes before the client reads them */
  reply?: (bytes: Uint8Array, name: string) => Uint8Array
}

/** A PlainRpc wired to a ServerHandshake, serializing every message on the way. */
export function loopbackRpc(
  server: ServerHandshake,
  hooks: LoopbackHooks = {},
): PlainRpc & { log: string[] } {
  const log: string[] = []
  return {
    log,
    async call(request) {
      let bytes = serializeTl(request as TlObject)
      bytes = hooks.request?.(bytes, request._) ?? bytes
      const decoded = deserializeTl<{ _: string }>(bytes, { readers: serverReaders(), exact: true })
      log.push(decoded._)
      const { reply } = server.handle(decoded)
      let replyBytes = serializeTl(reply)
      replyBytes = hooks.reply?.(replyBytes, reply._) ?? replyBytes
      const answer = deserializeTl<{ _: string }>(replyBytes, { readers: objectReaders, exact: true })
      log.push(answer._)
      return answer
    },
  }
}

/** Flips one bit of `bytes` at `offset` (negative: from the end). */
export function flipBit(bytes: Uint8Array, offset: number): Uint8Array {
  const copy = Uint8Array.from(bytes)
  const i = offset < 0 ? copy.length + offset : offset
  copy[i] = copy[i]! ^ 1
  return copy
}
