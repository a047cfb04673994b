import type { TlReaderMap, TlWriterMap } from '@mtcute/tl-runtime'
import { pastLayerReaders } from './layers/request-readers.js'
import { lazyGeneratedMap } from './lazy-generated.js'
import { legacyServiceReaders } from './legacy-service.js'
import { compileMethodReaders } from './method-readers.js'
import { apiSchemaEntries } from './schema.js'

// not imported: an ESM import of these CommonJS files (~700 KB) would scan them for their export
// names and compile them whole, the biggest cost of every run's start-up; each entry compiles when
// first looked up (lazy-generated.ts)
/**
 * Readers for every object and MTProto service message (from `@mtcute/tl`,
 * plus the legacy service constructors it dropped), used to read what the
 * other side sends.
 */
export const objectReaders = lazyGeneratedMap(
  import.meta.url,
  '@mtcute/tl/binary/reader.js',
  '__tlReaderMap',
  legacyServiceReaders,
) as unknown as TlReaderMap

/** Writers for every object and method, keyed by name. */
export const tlWriters = lazyGeneratedMap(
  import.meta.url,
  '@mtcute/tl/binary/writer.js',
  '__tlWriterMap',
) as unknown as TlWriterMap

let requestReaders: TlReaderMap | undefined

/**
 * Object readers plus readers for API methods, compiled from the schema on
 * first use: the server role reads requests, which `@mtcute/tl` does not ship.
 * Requests and input objects of past layers are read in their own layout.
 */
export function serverReaders(): TlReaderMap {
  if (!requestReaders) {
    // looked up only (never listed): methods and past layers' requests own, every object through the
    // prototype, so each object reader is compiled once for both roles; method and object ids are
    // distinct, and the past layers' readers cover only ids of neither
    const methods = compileMethodReaders(apiSchemaEntries())
    const past = pastLayerReaders(
      new Set([...Object.keys(methods), ...Object.keys(objectReaders)].map(Number)),
    )
    requestReaders = Object.assign(Object.create(objectReaders) as TlReaderMap, past, methods)
  }
  return requestReaders
}
