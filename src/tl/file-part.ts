import { apiClassId } from './schema.js'

// upload.file and upload.cdnFile, looked up at the first check (the schema is parsed then)
let partIds: ReadonlySet<number> | undefined

/** Whether serialized (boxed) TL is a file part: upload.file or upload.cdnFile. */
export function isFilePart(boxed: Uint8Array): boolean {
  if (boxed.length < 4) return false
  partIds ??= new Set([apiClassId('upload.file'), apiClassId('upload.cdnFile')])
  return partIds.has(new DataView(boxed.buffer, boxed.byteOffset, 4).getUint32(0, true))
}
