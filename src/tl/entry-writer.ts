import type { TlBinaryWriter } from '@mtcute/tl-runtime'
import Long from 'long'
import { tlFieldName } from './method-readers.js'
import type { TlSchemaArgument, TlSchemaEntry } from './schema.js'

type Writer = TlBinaryWriter
type ValueWriter = (w: Writer, value: unknown) => void

const primitiveWriters: Record<string, ValueWriter> = {
  int: (w, v) => w.int(v as number),
  int53: (w, v) => w.int53(v as number),
  long: (w, v) => w.long(v as Parameters<Writer['long']>[0]),
  double: (w, v) => w.double(v as number),
  string: (w, v) => w.string(v as string),
  bytes: (w, v) => w.bytes(v as Uint8Array),
  int128: (w, v) => w.int128(v as Uint8Array),
  int256: (w, v) => w.int256(v as Uint8Array),
  Bool: (w, v) => w.boolean(v as boolean),
}

/**
 * What a newer layer's required field gets when our objects lack it (e.g. a
 * counter added in a later layer): the type's zero.
 */
const zeros: Record<string, unknown> = {
  int: 0,
  int53: 0,
  long: Long.ZERO,
  double: 0,
  string: '',
  bytes: new Uint8Array(0),
  Bool: false,
}

function valueWriter(type: string): ValueWriter {
  return primitiveWriters[type] ?? ((w, v) => w.object(v))
}

function isPresent(arg: TlSchemaArgument, value: unknown): boolean {
  if (arg.type === 'true') return value === true
  if (arg.typeModifiers?.isVector) return Array.isArray(value) && value.length > 0
  return value !== undefined && value !== null
}

/**
 * A writer for one schema entry, the counterpart of compileEntryReader:
 * flags computed from which optional fields are present, fields written in
 * declaration order. Works on a TlBinaryWriter and on the size counter alike.
 */
export function compileEntryWriter(entry: TlSchemaEntry): (w: Writer, value: unknown) => void {
  const fields = entry.arguments.map((arg) => {
    const [word, bit] = (arg.typeModifiers?.predicate ?? '').split('.')
    const write = valueWriter(arg.type)
    return {
      arg,
      name: tlFieldName(arg.name),
      flagWord: word || undefined,
      bit: bit === undefined ? 0 : Number(bit),
      write: arg.typeModifiers?.isVector
        ? (w: Writer, v: unknown) => w.vector((item: unknown) => write(w, item), v as unknown[])
        : write,
    }
  })
  return (w, value) => {
    const v = value as Record<string, unknown>
    w.uint(entry.id)
    for (const f of fields) {
      if (f.arg.type === '#') {
        let flags = 0
        for (const g of fields) {
          if (g.flagWord === f.arg.name && isPresent(g.arg, v[g.name])) flags |= 2 ** g.bit
        }
        w.uint(flags >>> 0)
        continue
      }
      if (f.flagWord !== undefined && !isPresent(f.arg, v[f.name])) continue
      if (f.arg.type === 'true') continue
      const value = v[f.name] ?? (f.arg.typeModifiers?.isVector ? [] : zeros[f.arg.type])
      f.write(w, value)
    }
  }
}
