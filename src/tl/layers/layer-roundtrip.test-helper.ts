import type { TlReaderMap } from '@mtcute/tl-runtime'
import Long from 'long'
import { expect } from 'vitest'
import { compileEntryReader, tlFieldName } from '../method-readers.js'
import { SafeTlReader } from '../reader.js'
import type { TlSchemaEntry } from '../schema.js'
import { layerEntries } from './layer-data.js'
import { type LayerSchema, ourClassesByName } from './layer-schema.js'

const readerMaps = new Map<number, TlReaderMap>()

/** Reads one object (all of `bytes`) with readers built straight from `layer`'s stored declarations, independent of the writers. */
export function readInLayer(layer: number, bytes: Uint8Array): Record<string, unknown> {
  let map = readerMaps.get(layer)
  if (!map) {
    map = {}
    for (const e of layerEntries(layer)) if (e.kind === 'class') map[e.id] = compileEntryReader(e)
    readerMaps.set(layer, map)
  }
  const reader = SafeTlReader.from(map, bytes)
  const value = reader.object() as Record<string, unknown>
  expect(reader.remaining, 'bytes left after the object').toBe(0)
  return value
}

const baseType = (t: string) => (t === 'int53' ? 'long' : t)
const isEmpty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0)

function sameValue(ours: unknown, read: unknown, schema: LayerSchema, path: string): void {
  if (ours instanceof Uint8Array || typeof ours !== 'object' || ours === null || Long.isLong(ours)) {
    const norm = (v: unknown) => (Long.isLong(v) || typeof v === 'number' ? String(v) : v)
    expect(norm(read), path).toEqual(norm(ours))
    return
  }
  expectReadBack(
    ours as Record<string, unknown> & { _: string },
    read as Record<string, unknown>,
    schema,
    path,
  )
}

/**
 * Asserts that `read` (our `ours` written for the layer and read back) holds
 * the constructor the layer writes for ours, and every field that exists in
 * both layouts with the same type equal, nested objects alike.
 */
export function expectReadBack(
  ours: Record<string, unknown> & { _: string },
  read: Record<string, unknown>,
  schema: LayerSchema,
  path = ours._,
): void {
  const target = schema.counterpart(ours._) as TlSchemaEntry
  expect(read._, path).toBe(target.name)
  const ourArgs = new Map(
    ourClassesByName()
      .get(ours._)
      ?.arguments.map((a) => [a.name, a]),
  )
  for (const arg of target.arguments) {
    const mine = ourArgs.get(arg.name)
    if (arg.type === '#' || !mine) continue
    const sameShape =
      baseType(mine.type) === arg.type &&
      Boolean(mine.typeModifiers?.isVector) === Boolean(arg.typeModifiers?.isVector)
    const name = tlFieldName(arg.name)
    const [o, r] = [ours[name], read[name]]
    if (!sameShape || o === undefined) continue
    if (arg.type === 'true') expect(r, `${path}.${name}`).toBe(o === true)
    else if (Array.isArray(o)) {
      if (isEmpty(o)) expect(isEmpty(r), `${path}.${name}`).toBe(true)
      else {
        expect((r as unknown[]).length, `${path}.${name}`).toBe(o.length)
        o.forEach((item, i) => {
          sameValue(item, (r as unknown[])[i], schema, `${path}.${name}[${i}]`)
        })
      }
    } else sameValue(o, r, schema, `${path}.${name}`)
  }
}
