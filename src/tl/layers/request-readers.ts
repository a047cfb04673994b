import type { TlBinaryReader, TlReaderMap } from '@mtcute/tl-runtime'
import Long from 'long'
import { compileEntryReader, tlFieldName } from '../method-readers.js'
import { apiSchemaEntries, type TlSchemaEntry } from '../schema.js'
import { everyStoredEntry } from './layer-data.js'
import { alignedWithOurs } from './layer-schema.js'

/** A reader of a past declaration whose values look like ours: int fields that are long in ours become Longs. */
function readerLikeOurs(
  entry: TlSchemaEntry,
  ours: TlSchemaEntry | undefined,
): (r: TlBinaryReader) => unknown {
  const read = compileEntryReader(alignedWithOurs(entry, ours))
  const ourTypes = new Map(ours?.arguments.map((a) => [a.name, a.type]))
  const widened = entry.arguments
    .filter((a) => a.type === 'int' && ourTypes.get(a.name) === 'long' && !a.typeModifiers?.isVector)
    .map((a) => tlFieldName(a.name))
  if (widened.length === 0) return read
  return (r) => {
    const value = read(r) as Record<string, unknown>
    for (const name of widened)
      if (typeof value[name] === 'number') value[name] = Long.fromNumber(value[name])
    return value
  }
}

/**
 * Readers for the constructors and methods of past layers that ours does not
 * have, keyed by id. A declaration's id is the CRC of its layout, so an id
 * names one layout in whichever layer a client speaks: a request (or an
 * input object in it) in an older layout is read as that layout, with our
 * field names and value types, before the server knows the caller's layer.
 */
export function pastLayerReaders(ours: ReadonlySet<number>): TlReaderMap {
  const byName = new Map(apiSchemaEntries().map((e) => [`${e.kind} ${e.name}`, e]))
  const map: TlReaderMap = {}
  // newest first: the newest declaration of an id wins
  for (const entry of everyStoredEntry()) {
    if (ours.has(entry.id) || map[entry.id]) continue
    map[entry.id] = readerLikeOurs(entry, byName.get(`${entry.kind} ${entry.name}`))
  }
  return map
}
