import { generateRsaKey, type RsaPrivateKey } from '../../crypto/index.js'
import { DcServer, type DcServerOptions } from '../server-role/dc-server.js'
import { HandlerRegistry } from '../server-role/handlers.js'

let sharedKey: RsaPrivateKey | undefined
/** One RSA key for all tests in a process: generating one takes ~100 ms. */
export function testRsaKey(): RsaPrivateKey {
  sharedKey ??= generateRsaKey(2048)
  return sharedKey
}

/** A DC on 127.0.0.1 with the handlers a test registers. */
export async function startTestDc(
  register: (registry: HandlerRegistry) => void,
  opts: Partial<DcServerOptions> = {},
): Promise<{ dc: DcServer; host: string; port: number }> {
  const registry = new HandlerRegistry()
  register(registry)
  const dc = new DcServer({ dcId: 2, rsaKeys: [testRsaKey()], registry, ...opts })
  const { host, port } = await dc.listen()
  return { dc, host, port }
}

/** Rejects instead of hanging when a foreign client keeps retrying, so `finally` can destroy it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
