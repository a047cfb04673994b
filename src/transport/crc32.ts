import * as zlib from 'node:zlib'

/** CRC-32 (IEEE 802.3, the one Full transport uses) continuing from `previous`. */
export type Crc32 = (data: Uint8Array, previous?: number) => number

let table: Uint32Array | undefined

function buildTable(): Uint32Array {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
}

/** Portable table-driven CRC-32, used where `zlib.crc32` (Node ≥ 20.15) is missing. */
export function crc32Table(data: Uint8Array, previous = 0): number {
  table ??= buildTable()
  let crc = ~previous >>> 0
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}

let fast: Crc32 | undefined

/**
 * Fast CRC-32: zlib's native implementation when available, else the table
 * version. Chosen at the first call, not at load: the CLI loads zlib only when
 * something uses it.
 */
export const crc32: Crc32 = (data, previous = 0) => {
  if (!fast) {
    const native = (zlib as { crc32?: (data: Uint8Array, previous: number) => number }).crc32
    fast = native ? (d, p = 0) => native(d, p) >>> 0 : crc32Table
  }
  return fast(data, previous)
}
