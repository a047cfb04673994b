import type { TlWriterMap } from '@mtcute/tl-runtime'
import { LAYER_198, LAYER_198_DECLARATIONS } from './compat/layer-198.js'
import { compileEntryWriter } from './entry-writer.js'
import { tlWriters } from './maps.js'
import { apiSchemaEntries, type TlSchemaEntry } from './schema.js'
import { parseTlDeclaration } from './tl-parse.js'

let layer198: TlWriterMap | undefined

/**
 * An old declaration, with each field typed as our schema types it where the
 * field still exists (ids that became int53 stay numbers in our objects).
 */
function alignedWithOurs(old: TlSchemaEntry, ours: Map<string, TlSchemaEntry>): TlSchemaEntry {
  const current = ours.get(old.name)
  const types = new Map(current?.arguments.map((a) => [a.name, a.type]))
  return {
    ...old,
    arguments: old.arguments.map((a) => {
      const type = types.get(a.name)
      return type === 'int53' && a.type === 'long' ? { ...a, type } : a
    }),
  }
}

/**
 * The writers to answer a client that asked for `layer`: ours, with the
 * constructors that changed since replaced by their old layout for old
 * clients. Real Telegram answers every client in its own layer.
 */
export function writersForLayer(layer: number | undefined): TlWriterMap {
  if (layer === undefined || layer > LAYER_198) return tlWriters
  if (!layer198) {
    const ours = new Map(apiSchemaEntries().map((e) => [e.name, e]))
    const map = Object.assign({}, tlWriters) as TlWriterMap
    for (const line of LAYER_198_DECLARATIONS) {
      const entry = alignedWithOurs(parseTlDeclaration(line), ours)
      map[entry.name] = compileEntryWriter(entry) as TlWriterMap[string]
    }
    layer198 = map
  }
  return layer198
}
