import type { TlBinaryReader, TlReaderMap } from '@mtcute/tl-runtime'
import type { TlSchemaArgument, TlSchemaEntry } from './schema.js'

type FieldReader = (r: TlBinaryReader) => unknown

/** `api_id` → `apiId`, `udp_p2p` → `udpP2p`: the property names `@mtcute/tl` uses. */
export function tlFieldName(name: string): string {
  return name.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase())
}

const primitiveReaders: Record<string, FieldReader> = {
  int: (r) => r.int(),
  int53: (r) => r.int53(),
  long: (r) => r.long(),
  double: (r) => r.double(),
  string: (r) => r.string(),
  bytes: (r) => r.bytes(),
  int128: (r) => r.int128(),
  int256: (r) => r.int256(),
  Bool: (r) => r.boolean(),
}

function valueReader(type: string): FieldReader {
  return primitiveReaders[type] ?? ((r) => r.object())
}

function argumentReader(arg: TlSchemaArgument): FieldReader {
  const read = valueReader(arg.type)
  if (!arg.typeModifiers?.isVector) return read
  return (r) => r.vector(() => read(r))
}

interface FieldPlan {
  name: string
  /** index into the flag words read so far, and the bit; absent for mandatory fields */
  flag?: { word: number; bit: number }
  /** `true`-typed flag: presence only, nothing on the wire */
  presenceOnly: boolean
  read: FieldReader
}

function planEntry(entry: TlSchemaEntry): Array<FieldPlan | { flagWord: number }> {
  const flagWords = new Map<string, number>()
  const plan: Array<FieldPlan | { flagWord: number }> = []
  for (const arg of entry.arguments) {
    if (arg.type === '#') {
      flagWords.set(arg.name, flagWords.size)
      plan.push({ flagWord: flagWords.size - 1 })
      continue
    }
    const predicate = arg.typeModifiers?.predicate
    let flag: FieldPlan['flag']
    if (predicate) {
      const [word, bit] = predicate.split('.')
      const index = flagWords.get(word ?? '')
      if (index === undefined || bit === undefined) {
        throw new Error(`${entry.name}: predicate ${predicate} names no flags field`)
      }
      flag = { word: index, bit: Number(bit) }
    }
    plan.push({
      name: tlFieldName(arg.name),
      flag,
      presenceOnly: arg.type === 'true',
      read: argumentReader(arg),
    })
  }
  return plan
}

/**
 * Builds a reader for one schema entry from its argument list, producing the
 * same object shape as `@mtcute/tl`'s generated readers.
 */
export function compileEntryReader(entry: TlSchemaEntry): (r: TlBinaryReader) => unknown {
  const plan = planEntry(entry)
  const flagCount = plan.filter((p) => 'flagWord' in p).length
  return (r) => {
    const flags = new Array<number>(flagCount)
    const out: Record<string, unknown> = { _: entry.name }
    for (const step of plan) {
      if ('flagWord' in step) {
        flags[step.flagWord] = r.uint()
        continue
      }
      if (step.flag) {
        const set = ((flags[step.flag.word] ?? 0) & (2 ** step.flag.bit)) !== 0
        if (step.presenceOnly) {
          out[step.name] = set
          continue
        }
        if (!set) continue
      }
      out[step.name] = step.read(r)
    }
    return out
  }
}

/**
 * Readers for API methods keyed by constructor id. `@mtcute/tl` ships readers
 * for objects only; the server role must also read requests.
 */
export function compileMethodReaders(entries: TlSchemaEntry[]): TlReaderMap {
  const map: TlReaderMap = {}
  for (const entry of entries) {
    if (entry.kind === 'method') map[entry.id] = compileEntryReader(entry)
  }
  return map
}
