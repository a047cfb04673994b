import { createCipheriv } from 'node:crypto'
import { cdnPartIv } from '../../crypto/index.js'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { readRange } from '../content/file-content.js'
import { checkGetFileRange } from '../get-file-rules.js'
import type { CdnEntry } from './upload-cdn-redirect.js'
import { serializeCdnFile } from './upload-serialize.js'
import { uploadServices } from './upload-services.js'

/** The only API method a CDN DC answers (the invoke wrappers are unwrapped before). */
const CDN_METHODS = new Set(['upload.getCdnFile'])

/** AES-256-CTR as core.telegram.org/cdn says: the IV's last 4 bytes are offset / 16, big-endian. */
async function encryptedRange(
  api: DcApi,
  entry: CdnEntry,
  offset: number,
  limit: number,
): Promise<Uint8Array> {
  const plain = await readRange(uploadServices(api.state).contents.of(entry.file), offset, limit)
  const cipher = createCipheriv('aes-256-ctr', entry.encryptionKey, cdnPartIv(entry.encryptionIv, offset))
  return cipher.update(plain)
}

/**
 * A CDN DC: upload.getCdnFile with the file tokens the master DCs handed
 * out, the same offset/limit rules as upload.getFile, parts the CDN does not
 * hold answered with upload.cdnFileReuploadNeeded; every other method is
 * refused with 400 CDN_METHOD_INVALID. No login: CDN keys are not authorized.
 */
export function registerCdnHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { cdn } = uploadServices(api.state)
  registry.use((request, _ctx, next) =>
    CDN_METHODS.has(request._) ? next() : Promise.reject(new RpcError(400, 'CDN_METHOD_INVALID', request._)),
  )
  registry.on('upload.getCdnFile', async (request) => {
    const entry = cdn.byFileToken(request.fileToken)
    const offset = request.offset as number
    const limit = request.limit as number
    checkGetFileRange(offset, limit, false)
    const requestToken = cdn.missingIn(entry, offset, limit)
    if (requestToken) return { _: 'upload.cdnFileReuploadNeeded', requestToken }
    return serializeCdnFile(await encryptedRange(api, entry, offset, limit))
  })
}
