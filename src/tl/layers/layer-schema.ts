import { apiSchemaEntries, type TlSchemaEntry } from '../schema.js'
import { layerEntries } from './layer-data.js'

const required = (e: TlSchemaEntry) =>
  e.arguments.filter((a) => a.type !== '#' && !a.typeModifiers?.predicate)

let ourClasses: Map<string, TlSchemaEntry> | undefined

/** Our layer's constructors by name. */
export function ourClassesByName(): Map<string, TlSchemaEntry> {
  ourClasses ??= new Map(
    apiSchemaEntries().flatMap((e) => (e.kind === 'class' ? [[e.name, e] as const] : [])),
  )
  return ourClasses
}

/**
 * One stored layer's constructors, with the lookups the down-converter
 * needs: by name, by type, and the stand-ins for what the layer lacks.
 */
export class LayerSchema {
  readonly byName = new Map<string, TlSchemaEntry>()
  private readonly byType = new Map<string, TlSchemaEntry[]>()

  constructor(readonly layer: number) {
    for (const e of layerEntries(layer)) {
      if (e.kind !== 'class') continue
      this.byName.set(e.name, e)
      const list = this.byType.get(e.type) ?? []
      list.push(e)
      this.byType.set(e.type, list)
    }
  }

  hasType(type: string): boolean {
    return this.byType.has(type)
  }

  /** The constructor of `type` with the fewest required fields: what a required field we cannot fill gets. */
  simplest(type: string): TlSchemaEntry | undefined {
    let best: TlSchemaEntry | undefined
    for (const e of this.byType.get(type) ?? []) {
      if (!best || required(e).length < required(best).length) best = e
    }
    return best
  }

  /**
   * The constructor this layer writes for our `name`: the same one, or for
   * one added after this layer the type's placeholder for what the client
   * cannot show (messageMediaUnsupported, messageEntityUnknown — what
   * Telegram sends old clients), else the constructor of the same type
   * sharing the most fields with it (ties: the fewest required fields).
   */
  counterpart(name: string): TlSchemaEntry | undefined {
    const own = this.byName.get(name)
    if (own) return own
    const ours = ourClassesByName().get(name)
    if (!ours) return undefined
    const candidates = this.byType.get(ours.type) ?? []
    const placeholder = candidates.find((e) => /(Unsupported|Unknown)$/.test(e.name))
    if (placeholder) return placeholder
    const fields = new Set(ours.arguments.map((a) => a.name))
    const score = (e: TlSchemaEntry) => e.arguments.filter((a) => a.type !== '#' && fields.has(a.name)).length
    let best: TlSchemaEntry | undefined
    for (const e of candidates) {
      if (
        !best ||
        score(e) > score(best) ||
        (score(e) === score(best) && required(e).length < required(best).length)
      ) {
        best = e
      }
    }
    return best
  }
}

/**
 * A past layer's declaration with each `long` field that our schema types
 * `int53` (ids) read as a number, so requests read in an old layout look
 * like ours to the handlers.
 */
export function alignedWithOurs(entry: TlSchemaEntry, ours: TlSchemaEntry | undefined): TlSchemaEntry {
  if (!ours) return entry
  const types = new Map(ours.arguments.map((a) => [a.name, a.type]))
  return {
    ...entry,
    arguments: entry.arguments.map((a) =>
      a.type === 'long' && types.get(a.name) === 'int53' ? { ...a, type: 'int53' } : a,
    ),
  }
}
