import type Long from 'long'
import { RpcError } from '../../mtproto/index.js'
import type { HandlerRegistry } from '../../mtproto/server-role/index.js'
import { serializeTl } from '../../tl/index.js'
import type { SyntheticContent } from '../content/synthetic-content.js'
import { checkGetFileRange } from '../get-file-rules.js'

/** Files a DC hosts, by document id. */
export type FileCatalog = Map<string, SyntheticContent>

/**
 * upload.getFile for documents in the catalog, with Telegram's offset/limit
 * rules. The answer is serialized here, on the hot path, straight from the
 * generated content.
 */
export function registerCatalogUpload(registry: HandlerRegistry, files: FileCatalog): void {
  registry.on('upload.getFile', (req) => {
    const location = req.location as { _: string; id?: Long }
    if (location._ !== 'inputDocumentFileLocation' || !location.id)
      throw new RpcError(400, 'LOCATION_INVALID')
    const file = files.get(location.id.toString())
    if (!file) throw new RpcError(400, 'LOCATION_INVALID')
    const offset = req.offset as number
    const limit = req.limit as number
    checkGetFileRange(offset, limit, req.precise === true)
    return serializeTl({
      _: 'upload.file',
      type: { _: 'storage.filePartial' },
      mtime: 0,
      bytes: file.read(offset, limit),
    } as never)
  })
}
