export type { mtp, tl } from '@mtcute/tl'
export { TlBinaryReader, TlBinaryWriter, type TlReaderMap, type TlWriterMap } from '@mtcute/tl-runtime'
export { deserializeTl, readGuarded, serializeTl, serializeTlVector, type TlObject, tlSize } from './codec.js'
export { TlDecodeError } from './errors.js'
export { isFilePart } from './file-part.js'
export { isServedLayer, writersForLayer } from './layer-writers.js'
export { entryFromDeclaration, legacyServiceEntries } from './legacy-service.js'
export { objectReaders, serverReaders, tlWriters } from './maps.js'
export { compileEntryReader, compileMethodReaders, tlFieldName } from './method-readers.js'
export { inflate, MAX_INFLATED_SIZE, SafeTlReader } from './reader.js'
export {
  apiClassId,
  apiLayer,
  apiSchemaEntries,
  mtpSchemaEntries,
  type TlSchemaEntry,
  tlIdOf,
} from './schema.js'
export * from './service-types.js'
export { normalizeTlDeclaration, tlConstructorId } from './tl-id.js'
export { parseTlDeclaration } from './tl-parse.js'
