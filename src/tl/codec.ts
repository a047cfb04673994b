import { TlBinaryWriter, type TlReaderMap, TlSerializationCounter } from '@mtcute/tl-runtime'
import { TlDecodeError } from './errors.js'
import { writersForLayer } from './layer-writers.js'
import { objectReaders, tlWriters } from './maps.js'
import { SafeTlReader } from './reader.js'

/** Anything `@mtcute/tl` can write: an object or a method call, tagged by `_`. */
export interface TlObject {
  _: string
}

/**
 * Serializes one TL object or method call (boxed, with its constructor id),
 * in the layout of `layer` when an old client asked for one.
 */
export function serializeTl(obj: TlObject, layer?: number): Uint8Array {
  try {
    return TlBinaryWriter.serializeObject(layer === undefined ? tlWriters : writersForLayer(layer), obj)
  } catch (e) {
    throw new TypeError(`cannot serialize ${obj._}: ${(e as Error).message}`)
  }
}

/** Bytes needed to serialize `obj`, without serializing it. */
export function tlSize(obj: TlObject): number {
  return TlSerializationCounter.countNeededBytes(tlWriters, obj)
}

/**
 * Reads exactly one boxed object from untrusted bytes. Any malformation
 * (truncation, unknown id, bad gzip, trailing garbage when `exact`) is a
 * {@link TlDecodeError}; nothing else escapes.
 */
export function deserializeTl<T = unknown>(
  data: Uint8Array,
  options: { readers?: TlReaderMap; exact?: boolean } = {},
): T {
  const reader = SafeTlReader.from(options.readers ?? objectReaders, data)
  const value = readGuarded(reader, () => reader.object())
  if (options.exact && reader.remaining !== 0) {
    throw new TlDecodeError(`${reader.remaining} trailing bytes`, reader.pos)
  }
  return value as T
}

/** Runs a read on untrusted bytes, turning any runtime failure into a {@link TlDecodeError}. */
export function readGuarded<T>(reader: SafeTlReader, read: () => T): T {
  try {
    return read()
  } catch (e) {
    if (e instanceof TlDecodeError) throw e
    // RangeError (deep nesting, DataView bounds) or a generated reader's own check
    throw new TlDecodeError(`malformed TL: ${(e as Error).message}`, reader.pos)
  }
}

/** Serializes a bare `Vector<T>` of objects (results like Vector<User>), in the layout of `layer`. */
export function serializeTlVector(items: TlObject[], layer?: number): Uint8Array {
  const writers = layer === undefined ? tlWriters : writersForLayer(layer)
  let size = 8
  for (const item of items) size += TlSerializationCounter.countNeededBytes(writers, item)
  const w = TlBinaryWriter.alloc(writers, size)
  w.vector(w.object, items)
  return w.result()
}
