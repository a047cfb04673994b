import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { fileHashObjects, getFileHandler } from './upload-get-file.js'
import { requireHomeDc, resolveLocation } from './upload-location.js'
import { uploadServices } from './upload-services.js'

/**
 * The download side of a main DC: upload.getFile, upload.getFileHashes and
 * the master DC's CDN methods (upload.reuploadCdnFile,
 * upload.getCdnFileHashes). CDN DCs answer upload.getCdnFile (cdn.ts).
 */
export function registerUploadHandlers(registry: HandlerRegistry, api: DcApi): void {
  const { state } = api
  const services = uploadServices(state)
  registry.on('upload.getFile', getFileHandler(api))

  // hashes of 128 KiB ranges: 8 of them (1 MiB) from the range holding `offset`,
  // as objects the server writes in the caller's layer (fileHash's offset was an int up to layer 142)
  registry.on('upload.getFileHashes', async (request, ctx) => {
    const userId = state.requireUser(ctx)
    const { file } = resolveLocation(state, userId, request.location)
    requireHomeDc(file, api.dcId)
    return fileHashObjects(await services.hashes.from(file, request.offset as number))
  })

  registry.on('upload.getCdnFileHashes', async (request, ctx) => {
    state.requireUser(ctx)
    const entry = services.cdn.byFileToken(request.fileToken)
    if (entry.file.dc !== api.dcId) throw new RpcError(400, 'FILE_TOKEN_INVALID')
    return fileHashObjects(await services.hashes.from(entry.file, request.offset as number))
  })

  // the CDN asked for parts it lacks: they are "uploaded" to it; answer their hashes
  registry.on('upload.reuploadCdnFile', async (request, ctx) => {
    state.requireUser(ctx)
    const { entry, parts } = services.cdn.reupload(request.fileToken, request.requestToken)
    const hashes = await Promise.all(parts.map((part) => services.hashes.part(entry.file, part)))
    return fileHashObjects(hashes)
  })
}
