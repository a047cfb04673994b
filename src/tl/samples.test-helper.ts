import Long from 'long'
import { seededRandom } from '../crypto/index.js'
import type { TlObject } from './codec.js'
import { tlFieldName } from './method-readers.js'
import type { TlSchemaArgument, TlSchemaEntry } from './schema.js'

/**
 * Builds schema-valid sample values for any entry, choosing the smallest
 * constructor for each abstract type, so round-trip tests can cover the
 * whole schema without hand-written fixtures.
 */
export class SampleBuilder {
  private readonly byType = new Map<string, TlSchemaEntry>()

  constructor(
    entries: TlSchemaEntry[],
    private readonly rand: () => number,
  ) {
    for (const e of entries) {
      if (e.kind !== 'class') continue
      const known = this.byType.get(e.type)
      if (!known || e.arguments.length < known.arguments.length) this.byType.set(e.type, e)
    }
  }

  build(entry: TlSchemaEntry, depth = 0): TlObject {
    const out: Record<string, unknown> = { _: entry.name }
    // fields behind the same flag bit are written all or none
    const present = new Map<string, boolean>()
    for (const arg of entry.arguments) {
      if (arg.type === '#') continue
      const predicate = arg.typeModifiers?.predicate
      if (predicate) {
        if (!present.has(predicate)) present.set(predicate, this.rand() >= 0.3)
        if (!present.get(predicate)) {
          if (arg.type === 'true') out[tlFieldName(arg.name)] = false
          continue
        }
      }
      out[tlFieldName(arg.name)] = this.argValue(arg, depth, predicate !== undefined)
    }
    return out as unknown as TlObject
  }

  private argValue(arg: TlSchemaArgument, depth: number, optional: boolean): unknown {
    if (arg.type === 'true') return true
    if (arg.typeModifiers?.isVector) {
      // an empty optional vector is not written at all, so give it one element
      const n = optional ? 1 : depth > 2 ? 0 : Math.floor(this.rand() * 3)
      return Array.from({ length: n }, () => this.value(arg.type, depth + 1))
    }
    return this.value(arg.type, depth + 1)
  }

  value(type: string, depth: number): unknown {
    const r = this.rand
    switch (type) {
      case 'int':
        return Math.floor(r() * 2 ** 31) - 2 ** 30
      case 'int53':
        return Math.floor(r() * 2 ** 40)
      case 'long':
        return Long.fromBits(Math.floor(r() * 2 ** 32) | 0, Math.floor(r() * 2 ** 32) | 0)
      case 'double':
        return r() * 1000
      case 'string':
        return `s${Math.floor(r() * 1e6)}`
      case 'bytes':
        return Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))
      case 'int128':
        return Uint8Array.from({ length: 16 }, () => Math.floor(r() * 256))
      case 'int256':
        return Uint8Array.from({ length: 32 }, () => Math.floor(r() * 256))
      case 'Bool':
        return r() < 0.5
      case '!X':
        return { _: 'help.getConfig' }
      default: {
        const ctor = this.byType.get(type)
        if (!ctor) throw new Error(`no constructor for ${type}`)
        return this.build(ctor, depth)
      }
    }
  }
}

export { seededRandom }
