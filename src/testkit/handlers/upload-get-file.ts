import type { MethodHandler } from '../../mtproto/server-role/index.js'
import { apiClassId } from '../../tl/index.js'
import type { DcApi } from '../cluster/api-context.js'
import { checkGetFileRange } from '../get-file-rules.js'
import { requireHomeDc, resolveLocation } from './upload-location.js'
import type { FileHashEntry } from './upload-serialize.js'
import { serializeUploadFile } from './upload-serialize.js'
import { uploadServices } from './upload-services.js'

const TYPE_PARTIAL = apiClassId('storage.filePartial')
const TYPE_JPEG = apiClassId('storage.fileJpeg')

/** fileHash objects as the TL serializer wants them. */
export const fileHashObjects = (hashes: FileHashEntry[]) =>
  hashes.map((h) => ({ _: 'fileHash' as const, ...h }))

/**
 * upload.getFile (core.telegram.org/api/files): a logged-in user, Telegram's
 * offset/limit rules, the location's checks, FILE_MIGRATE_X for files stored
 * elsewhere, a CDN redirect for big public channels when the client supports
 * CDNs, else `upload.file` serialized straight from the content (documents:
 * storage.filePartial, photos: storage.fileJpeg; past the end: no bytes).
 */
export function getFileHandler(api: DcApi): MethodHandler {
  const { state } = api
  const services = uploadServices(state)
  return async (request, ctx) => {
    const userId = state.requireUser(ctx)
    const offset = request.offset as number
    const limit = request.limit as number
    checkGetFileRange(offset, limit, request.precise === true)
    const { file, channel, message, photo } = resolveLocation(state, userId, request.location)
    requireHomeDc(file, api.dcId)
    if (request.cdnSupported === true && services.cdn.eligible(channel)) {
      const entry = services.cdn.entryFor(file)
      return {
        _: 'upload.fileCdnRedirect',
        dcId: services.cdn.cdnDcId,
        fileToken: entry.fileToken,
        encryptionKey: entry.encryptionKey,
        encryptionIv: entry.encryptionIv,
        fileHashes: fileHashObjects(await services.hashes.from(file, offset)),
      }
    }
    const content = services.contents.of(file)
    return serializeUploadFile(photo ? TYPE_JPEG : TYPE_PARTIAL, message.date, content, offset, limit)
  }
}
