import Long from 'long'
import { generateRsaKey, type RsaPrivateKey } from '../../crypto/index.js'
import { type ClientSession, openClientSession } from '../../mtproto/index.js'
import { DcServer, HandlerRegistry } from '../../mtproto/server-role/index.js'
import { serializeTl, type TlObject } from '../../tl/index.js'
import { TestkitNetwork } from './network-model.js'
import type { NetworkProfile } from './profiles.js'

let sharedKey: RsaPrivateKey | undefined

/**
 * For tests of the network model alone: one DcServer with the model's
 * middleware and hooks and an `upload.getFile` that answers `limit` bytes.
 */
export async function startShapedDc(profile: NetworkProfile, dcId = 2) {
  sharedKey ??= generateRsaKey(2048)
  const rsaKey = sharedKey
  const network = new TestkitNetwork({ profile })
  const registry = new HandlerRegistry().use(network.middleware(dcId))
  registry.on('upload.getFile', (request) =>
    serializeTl({
      _: 'upload.file',
      type: { _: 'storage.filePartial' },
      mtime: 0,
      bytes: new Uint8Array(request.limit as number),
    } as TlObject),
  )
  registry.on('help.getNearestDc', () => ({ _: 'nearestDc', country: 'XX', thisDc: dcId, nearestDc: dcId }))
  const server = new DcServer({ dcId, rsaKeys: [rsaKey], registry, hooks: network.hooks(dcId) })
  const { port } = await server.listen()
  const connect = (authKey?: Uint8Array) =>
    openClientSession({
      host: '127.0.0.1',
      port,
      dcId,
      transport: 'intermediate',
      publicKeys: [rsaKey],
      authKey,
    })
  return { server, network, port, rsaKey, connect, close: () => server.close() }
}

/** upload.getFile of `limit` bytes at `offset`, the result's bytes unparsed. */
export function getFile(session: ClientSession, offset: number, limit: number, timeoutMs = 30_000) {
  return session.callRaw(
    {
      _: 'upload.getFile',
      location: {
        _: 'inputDocumentFileLocation',
        id: Long.ONE,
        accessHash: Long.ONE,
        fileReference: new Uint8Array(0),
        thumbSize: '',
      },
      offset,
      limit,
    } as TlObject,
    { timeoutMs },
  )
}

/**
 * Downloads with `inFlight` requests of `part` bytes each on one session
 * for `ms`; resolves with the bytes received and the time it took.
 */
export async function pump(session: ClientSession, ms: number, part: number, inFlight: number) {
  const start = performance.now()
  let bytes = 0
  let offset = 0
  const worker = async (): Promise<void> => {
    while (performance.now() - start < ms) {
      const at = offset
      offset += part
      const result = await getFile(session, at, part)
      bytes += result.length
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return { bytes, seconds: (performance.now() - start) / 1000 }
}
