import { readFileSync } from 'node:fs'
import { brotliDecompressSync } from 'node:zlib'
import type { TlSchemaEntry } from '../schema.js'
import { parseTlDeclaration } from '../tl-parse.js'

/** data/api-layers.json.br as scripts/import-tl-layers.mjs writes it. */
interface LayerData {
  /** the stored layers, ascending */
  layers: number[]
  /** kind (`c`onstructor / `m`ethod), declaration, and the indexes into `layers` it appears in (`0-15,17`) */
  entries: Array<[kind: 'c' | 'm', declaration: string, ranges: string]>
}

const DATA_URL = new URL('./data/api-layers.json.br', import.meta.url)

let data: LayerData | undefined
const parsed = new Map<number, TlSchemaEntry[]>()

/** Loaded on first use: only the server role answering an older client needs it. */
function load(): LayerData {
  data ??= JSON.parse(brotliDecompressSync(readFileSync(DATA_URL)).toString('utf8')) as LayerData
  return data
}

function inRanges(ranges: string, index: number): boolean {
  return ranges.split(',').some((part) => {
    const [from, to] = part.split('-').map(Number) as [number, number | undefined]
    return index >= from && index <= (to ?? from)
  })
}

function toEntry([kind, declaration]: LayerData['entries'][number]): TlSchemaEntry {
  return parseTlDeclaration(declaration, kind === 'm' ? 'method' : 'class')
}

/** The layers whose schema is stored, ascending. */
export function storedLayers(): readonly number[] {
  return load().layers
}

/**
 * The stored layer that answers a client declaring `layer`: that layer, or
 * for one our sources skipped (tdesktop moved several layers in one commit)
 * the nearest older stored one. Undefined outside the stored range.
 */
export function servingLayer(layer: number): number | undefined {
  const layers = load().layers
  if (layer > (layers.at(-1) ?? 0)) return undefined
  return layers.filter((l) => l <= layer).at(-1)
}

/** Every constructor and method of a stored layer, parsed once and cached. */
export function layerEntries(layer: number): TlSchemaEntry[] {
  let entries = parsed.get(layer)
  if (!entries) {
    const { layers, entries: all } = load()
    const index = layers.indexOf(layer)
    if (index < 0) throw new RangeError(`layer ${layer} is not stored`)
    entries = all.filter((e) => inRanges(e[2], index)).map(toEntry)
    parsed.set(layer, entries)
  }
  return entries
}

/** Each distinct declaration of every stored layer, newest layers' first. */
export function everyStoredEntry(): TlSchemaEntry[] {
  const { entries } = load()
  const lastIndex = (ranges: string) => Number(ranges.split(/[-,]/).at(-1))
  return [...entries].sort((a, b) => lastIndex(b[2]) - lastIndex(a[2])).map(toEntry)
}
