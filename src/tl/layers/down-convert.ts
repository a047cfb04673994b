import type { TlBinaryWriter, TlWriterMap } from '@mtcute/tl-runtime'
import { tlWriters } from '../maps.js'
import { tlFieldName } from '../method-readers.js'
import type { TlSchemaArgument, TlSchemaEntry } from '../schema.js'
import { primitiveFields } from './field-values.js'
import { LayerSchema, ourClassesByName } from './layer-schema.js'

type Writer = TlBinaryWriter
type TlValue = { _: string } & Record<string, unknown>

interface FieldPlan {
  name: string
  arg: TlSchemaArgument
  /** the flags word this field hangs on, and its bit */
  flag?: { word: string; bit: number }
  fit(value: unknown): unknown
  zero(): unknown
  write(w: Writer, value: unknown): void
}

const isTlValue = (v: unknown): v is TlValue =>
  typeof v === 'object' && v !== null && typeof (v as { _?: unknown })._ === 'string'

/** Plans for the fields of one entry of `schema`'s layer, fed with values from our layer. */
function planFields(entry: TlSchemaEntry, schema: LayerSchema): FieldPlan[] {
  return entry.arguments.map((arg) => {
    const [word, bit] = (arg.typeModifiers?.predicate ?? '').split('.')
    const flag = word ? { word, bit: Number(bit) } : undefined
    const primitive = primitiveFields[arg.type]
    const one = primitive ?? objectField(arg.type, schema)
    const plan = { name: tlFieldName(arg.name), arg, flag }
    if (!arg.typeModifiers?.isVector) return { ...plan, ...one }
    return {
      ...plan,
      // an empty optional vector is left out, as `@mtcute/tl` does
      fit: (v) =>
        Array.isArray(v) && (!flag || v.length > 0)
          ? v.map((item) => one.fit(item) ?? one.zero())
          : undefined,
      zero: () => [],
      write: (w, v) => w.vector((item: unknown) => one.write(w, item), v as unknown[]),
    }
  })
}

/** A boxed field: ours fits when its constructor is of the field's type in this layer. */
function objectField(type: string, schema: LayerSchema): Omit<FieldPlan, 'name' | 'arg'> {
  const typeOf = (name: string) => schema.byName.get(name)?.type ?? ourClassesByName().get(name)?.type
  return {
    fit: (v) => (isTlValue(v) && (typeOf(v._) === type || !schema.hasType(type)) ? v : undefined),
    zero: () => {
      const simplest = schema.simplest(type)
      if (!simplest) throw new TypeError(`layer ${schema.layer} has no constructor of ${type}`)
      return { _: simplest.name }
    },
    write: (w, v) => w.object(v as TlValue),
  }
}

/**
 * A writer of `entry` (a constructor of an older layer) for a value of our
 * layer: fields the layer lacks are left out, fields ours lacks (or holds in
 * another shape) get their type's zero, flags are computed for this layout.
 */
function convertingWriter(entry: TlSchemaEntry, schema: LayerSchema): (w: Writer, value: unknown) => void {
  const fields = planFields(entry, schema)
  return (w, value) => {
    const v = value as Record<string, unknown>
    const values = fields.map((f) => (f.arg.type === '#' ? undefined : f.fit(v[f.name])))
    const flags = new Map<string, number>()
    fields.forEach((f, i) => {
      if (f.flag && values[i] !== undefined)
        flags.set(f.flag.word, (flags.get(f.flag.word) ?? 0) | (2 ** f.flag.bit))
    })
    w.uint(entry.id)
    fields.forEach((f, i) => {
      if (f.arg.type === '#') w.uint((flags.get(f.arg.name) ?? 0) >>> 0)
      // fields sharing a set bit (views/forwards) are all written
      else if (!f.flag || ((flags.get(f.flag.word) ?? 0) & (2 ** f.flag.bit)) !== 0)
        f.write(w, values[i] ?? f.zero())
    })
  }
}

const cache = new Map<number, TlWriterMap>()

/**
 * Writers that put objects built in our layer into the layout of `layer` (a
 * stored one): each constructor by its id and fields in that layer, a
 * constructor the layer does not know as its nearest counterpart there, and
 * anything with no counterpart a clear error. Compiled on first use.
 */
export function downConvertingWriters(layer: number): TlWriterMap {
  let map = cache.get(layer)
  if (map) return map
  const schema = new LayerSchema(layer)
  const writers: Record<string, (w: Writer, value: unknown) => void> = {}
  for (const name of Object.keys(tlWriters)) {
    if (name.startsWith('mt_')) writers[name] = tlWriters[name] as (w: Writer, value: unknown) => void
  }
  for (const entry of schema.byName.values()) writers[entry.name] = convertingWriter(entry, schema)
  for (const name of ourClassesByName().keys()) {
    if (writers[name]) continue
    const counterpart = schema.counterpart(name)
    writers[name] = counterpart
      ? (writers[counterpart.name] as (w: Writer, value: unknown) => void)
      : () => {
          throw new TypeError(`${name} has no counterpart in layer ${layer}`)
        }
  }
  // no static sizes: they describe our layer's layouts
  map = Object.assign(writers, { _staticSize: {} }) as unknown as TlWriterMap
  cache.set(layer, map)
  return map
}
