import { isAscii } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

type Entries = Record<string, unknown>

/** Where each entry's source sits in the file, built on the first look-up that needs every key. */
interface Index {
  keys: string[]
  at: Map<string, number>
}

/** What a map answers, once its file is open. */
interface Lookup {
  get(key: string | symbol): unknown
  has(key: string | symbol): boolean
  keys(): (string | symbol)[]
  describe(key: string | symbol): PropertyDescriptor | undefined
}

/**
 * `require(id)[exportName]` for one of `@mtcute/tl`'s generated maps
 * (`binary/reader.js`, `binary/writer.js`: one `key:function(…){…},` per line
 * inside `var m={…}`), compiled entry by entry when first looked up instead
 * of all at once: a `get` uses a few dozen of their ~4000 functions, and
 * parsing the ~700 KB was the biggest single cost of every start. The file
 * itself is read at the first look-up (a `get` reads its first answer a round
 * trip after its first request: the readers load meanwhile). Nested sections
 * (`_staticSize`, `_bare`, `_results`) are small and compiled whole. A file
 * not laid out so is required as Node would. `extra()` entries are looked up
 * first.
 */
export function lazyGeneratedMap(
  from: string,
  id: string,
  exportName: string,
  extra: () => Entries = () => ({}),
): Entries {
  let lookup: Lookup | undefined
  const open = (): Lookup => {
    lookup ??= openGeneratedMap(from, id, exportName, extra(), proxy)
    return lookup
  }
  const proxy: Entries = new Proxy(
    {},
    {
      get: (_, key) => open().get(key),
      has: (_, key) => open().has(key),
      ownKeys: () => open().keys(),
      getOwnPropertyDescriptor: (_, key) => open().describe(key),
    },
  )
  return proxy
}

/** Reads the file and answers look-ups on it; compiled entries see `m` as `self`. */
function openGeneratedMap(
  from: string,
  id: string,
  exportName: string,
  extra: Entries,
  self: Entries,
): Lookup {
  const require = createRequire(from)
  const path = require.resolve(id)
  const bytes = readFileSync(path)
  // the generated files are ASCII: a one-byte string, no UTF-8 decoding
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
  const layout = layoutOf(text, exportName)
  if (!layout) return plainLookup({ ...(require(id) as Record<string, Entries>)[exportName], ...extra })
  const { prelude, body, end } = layout
  const helpers = helpersOf(text.slice(0, prelude))
  const names = Object.keys(helpers)
  const values = Object.values(helpers)
  const target: Entries = { ...extra }
  const compile = (source: string): unknown =>
    new Function('m', ...names, `"use strict";return ${source}`)(self, ...values)
  const sections = sectionsOf(text, body, end)
  for (const s of sections) target[s.name] = compile(`{${text.slice(s.from, s.to)}}`)

  let built: Index | undefined
  const index = (): Index => {
    if (built) return built
    built = { keys: [], at: new Map() }
    const line = /^(?:'([^']+)'|(\d+)):(?=function)/gm
    line.lastIndex = body
    for (let m = line.exec(text); m && m.index < end; m = line.exec(text)) {
      if (sections.some((s) => m!.index >= s.from && m!.index < s.to)) continue
      const key = (m[1] ?? m[2]) as string
      built.keys.push(key)
      built.at.set(key, m.index + m[0].length)
    }
    return built
  }
  /** from `function` to the end of its line, without the comma */
  const sourceAt = (start: number): string => {
    const eol = text.indexOf('\n', start)
    return text.slice(start, text.charCodeAt(eol - 1) === 44 ? eol - 1 : eol)
  }
  /** one entry's function, compiled on its first look-up; a key the file lacks is undefined */
  const entry = (key: string): unknown => {
    const start = built ? built.at.get(key) : find(key)
    if (start === undefined) return undefined
    const fn = compile(sourceAt(start))
    target[key] = fn
    return fn
  }
  /** the top-level line of `key`, without building the index: a string search */
  const find = (key: string): number | undefined => {
    const head = /^\d+$/.test(key) ? `\n${key}:function` : `\n'${key}':function`
    for (let at = text.indexOf(head, body - 1); at >= 0 && at < end; at = text.indexOf(head, at + 1)) {
      const line = at + 1
      if (!sections.some((s) => line >= s.from && line < s.to)) return at + head.length - 'function'.length
    }
    // not a top-level entry: whatever else it is, the index says
    return index().at.get(key)
  }
  return {
    get: (key) => {
      const value = Reflect.get(target, key)
      return value !== undefined || typeof key !== 'string' ? value : entry(key)
    },
    has: (key) => Reflect.has(target, key) || (typeof key === 'string' && index().at.has(key)),
    keys: () => [...new Set([...Reflect.ownKeys(target), ...index().keys])],
    describe: (key) => {
      if (typeof key !== 'string' || Object.hasOwn(target, key) || !index().at.has(key))
        return Reflect.getOwnPropertyDescriptor(target, key)
      // reported without compiling it: Object.keys asks every key only whether it is enumerable
      return { configurable: true, enumerable: true, get: () => entry(key) }
    },
  }
}

/** A map Node required whole. */
function plainLookup(map: Entries): Lookup {
  return {
    get: (key) => Reflect.get(map, key),
    has: (key) => Reflect.has(map, key),
    keys: () => Reflect.ownKeys(map),
    describe: (key) => Reflect.getOwnPropertyDescriptor(map, key),
  }
}

/** Where `var m={` opens, its entries start and its closing `}` line is, if the file ends by exporting it. */
function layoutOf(
  text: string,
  exportName: string,
): { prelude: number; body: number; end: number } | undefined {
  const open = '\nvar m={\n'
  const close = `\n}\nexports.${exportName} = m;`
  const at = text.indexOf(open)
  const end = text.lastIndexOf(close)
  if (at < 0 || end < at || text.slice(end + close.length).trim() !== '') return undefined
  return { prelude: at, body: at + open.length, end: end + 1 }
}

/** The functions the file declares before the map (the writer's `h`, which checks a required field). */
function helpersOf(prelude: string): Record<string, unknown> {
  const names = [...prelude.matchAll(/^function (\w+)\(/gm)].map((m) => m[1] as string)
  return new Function('exports', `${prelude}\nreturn {${names.join(',')}}`)({}) as Record<string, unknown>
}

/** The nested objects (`_staticSize:{` … `},`): their bodies' offsets. */
function sectionsOf(text: string, body: number, end: number): { name: string; from: number; to: number }[] {
  const sections: { name: string; from: number; to: number }[] = []
  const opening = /^(\w+):\{\n/gm
  opening.lastIndex = body
  for (let m = opening.exec(text); m && m.index < end; m = opening.exec(text)) {
    const from = m.index + m[0].length
    const to = text.indexOf('\n},\n', from - 1) + 1
    sections.push({ name: m[1] as string, from, to })
    opening.lastIndex = to
  }
  return sections
}
