import type { TlReaderMap, TlWriterMap } from '@mtcute/tl-runtime'
import { requireGenerated } from './code-cache.js'
import { pastLayerReaders } from './layers/request-readers.js'
import { legacyServiceReaders } from './legacy-service.js'
import { compileMethodReaders } from './method-readers.js'
import { apiSchemaEntries } from './schema.js'

// required, not imported: an ESM import of these CommonJS files (~200 KB each) scans them for
// their export names first, a tenth of a second of every run's start-up
const { __tlReaderMap } = requireGenerated(import.meta.url, '@mtcute/tl/binary/reader.js') as {
  __tlReaderMap: unknown
}
const { __tlWriterMap } = requireGenerated(import.meta.url, '@mtcute/tl/binary/writer.js') as {
  __tlWriterMap: unknown
}

/**
 * Readers for every object and MTProto service message (from `@mtcute/tl`,
 * plus the legacy service constructors it dropped), used to read what the
 * other side sends.
 */
export const objectReaders: TlReaderMap = { ...(__tlReaderMap as TlReaderMap), ...legacyServiceReaders() }

/** Writers for every object and method, keyed by name. */
export const tlWriters: TlWriterMap = __tlWriterMap as unknown as TlWriterMap

let requestReaders: TlReaderMap | undefined

/**
 * Object readers plus readers for API methods, compiled from the schema on
 * first use: the server role reads requests, which `@mtcute/tl` does not ship.
 * Requests and input objects of past layers are read in their own layout.
 */
export function serverReaders(): TlReaderMap {
  if (!requestReaders) {
    const ours = Object.assign(compileMethodReaders(apiSchemaEntries()), objectReaders)
    const past = pastLayerReaders(new Set(Object.keys(ours).map(Number)))
    requestReaders = Object.assign(past, ours)
  }
  return requestReaders
}
