import type { TlBinaryWriter } from '@mtcute/tl-runtime'
import Long from 'long'

type Writer = TlBinaryWriter

/**
 * How a field of one primitive TL type takes our value: `fit` gives the
 * value in this type's representation or undefined when ours is of another
 * shape (a field whose type changed between layers), `zero` is what a
 * required field gets when ours has nothing to offer.
 */
export interface PrimitiveField {
  fit(value: unknown): unknown
  zero(): unknown
  write(w: Writer, value: unknown): void
}

const isNumber = (v: unknown): v is number => typeof v === 'number'
const asNumber = (v: unknown) => (isNumber(v) ? v : Long.isLong(v) ? (v as Long).toNumber() : undefined)
const bytesOf = (length?: number) => (v: unknown) =>
  v instanceof Uint8Array && (length === undefined || v.length === length) ? v : undefined

export const primitiveFields: Record<string, PrimitiveField> = {
  int: { fit: asNumber, zero: () => 0, write: (w, v) => w.int(v as number) },
  // our ids are numbers (int53) where the TL text says long
  long: {
    fit: (v) => (Long.isLong(v) ? v : isNumber(v) ? Long.fromNumber(v) : undefined),
    zero: () => Long.ZERO,
    write: (w, v) => w.long(v as Long),
  },
  double: { fit: asNumber, zero: () => 0, write: (w, v) => w.double(v as number) },
  string: {
    fit: (v) => (typeof v === 'string' ? v : undefined),
    zero: () => '',
    write: (w, v) => w.string(v as string),
  },
  bytes: { fit: bytesOf(), zero: () => new Uint8Array(0), write: (w, v) => w.bytes(v as Uint8Array) },
  int128: { fit: bytesOf(16), zero: () => new Uint8Array(16), write: (w, v) => w.int128(v as Uint8Array) },
  int256: { fit: bytesOf(32), zero: () => new Uint8Array(32), write: (w, v) => w.int256(v as Uint8Array) },
  Bool: {
    fit: (v) => (typeof v === 'boolean' ? v : undefined),
    zero: () => false,
    write: (w, v) => w.boolean(v as boolean),
  },
  true: { fit: (v) => (v === true ? true : undefined), zero: () => false, write: () => {} },
}
