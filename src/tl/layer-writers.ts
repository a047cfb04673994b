import type { TlWriterMap } from '@mtcute/tl-runtime'
import { LAYER_198, LAYER_198_DECLARATIONS } from './compat/layer-198.js'
import { LAYER_227, LAYER_227_DECLARATIONS } from './compat/layer-227.js'
import { compileEntryWriter } from './entry-writer.js'
import { tlWriters } from './maps.js'
import { apiLayer, apiSchemaEntries, type TlSchemaEntry } from './schema.js'
import { parseTlDeclaration } from './tl-parse.js'

/**
 * An other layer's declaration, with each field typed as our schema types it
 * where the field exists in both (ids that became int53 stay numbers).
 */
function alignedWithOurs(other: TlSchemaEntry, ours: Map<string, TlSchemaEntry>): TlSchemaEntry {
  const types = new Map(ours.get(other.name)?.arguments.map((a) => [a.name, a.type]))
  return {
    ...other,
    arguments: other.arguments.map((a) => {
      const type = types.get(a.name)
      return type === 'int53' && a.type === 'long' ? { ...a, type } : a
    }),
  }
}

const cache = new Map<number, TlWriterMap>()

function compiled(declarations: string[], tier: number): TlWriterMap {
  let map = cache.get(tier)
  if (!map) {
    const ours = new Map(apiSchemaEntries().map((e) => [e.name, e]))
    map = Object.assign({}, tlWriters) as TlWriterMap
    for (const line of declarations) {
      const entry = alignedWithOurs(parseTlDeclaration(line), ours)
      map[entry.name] = compileEntryWriter(entry) as TlWriterMap[string]
    }
    cache.set(tier, map)
  }
  return map
}

/**
 * The writers to answer a client that asked for `layer`, as Telegram answers
 * every client in its own layer: ours, with the constructors that changed
 * between our layer and the client's written in the client's layout — for
 * GramJS (198) and mtcute (227), the layers of the clients we test against.
 */
export function writersForLayer(layer: number | undefined): TlWriterMap {
  if (layer === undefined) return tlWriters
  if (layer <= LAYER_198) return compiled(LAYER_198_DECLARATIONS, LAYER_198)
  if (layer >= LAYER_227 && LAYER_227 > apiLayer) return compiled(LAYER_227_DECLARATIONS, LAYER_227)
  return tlWriters
}
