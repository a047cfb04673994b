import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TlBinaryWriter } from '@mtcute/tl-runtime'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lazyGeneratedMap } from './lazy-generated.js'

const require = createRequire(import.meta.url)
type Entries = Record<string, unknown>

/** The same entry of two maps, as comparable values: a function by its source. */
const shape = (v: unknown): unknown =>
  typeof v === 'function'
    ? String(v)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
      : v

describe.each([
  ['@mtcute/tl/binary/reader.js', '__tlReaderMap'],
  ['@mtcute/tl/binary/writer.js', '__tlWriterMap'],
])('%s loaded lazily', (id, exportName) => {
  const real = (require(id) as Record<string, Entries>)[exportName] as Entries
  const lazy = (): Entries => lazyGeneratedMap(import.meta.url, id, exportName)

  it('has every key the required file has, each entry the same function or section', () => {
    const map = lazy()
    expect(new Set(Object.keys(map))).toEqual(new Set(Object.keys(real)))
    for (const key of Object.keys(real)) expect(shape(map[key]), key).toEqual(shape(real[key]))
  })

  it('answers a look-up before any listing, and a key it lacks with undefined', () => {
    const map = lazy()
    const [first] = Object.keys(real).filter((k) => typeof real[k] === 'function')
    expect(String(map[first!])).toBe(String(real[first!]))
    expect(map['999999999999']).toBeUndefined()
    expect('999999999999' in map).toBe(false)
    expect(first! in map).toBe(true)
    // an object's own methods stay where they were
    expect(typeof map.toString).toBe('function')
  })
})

describe('a generated map compiled entry by entry', () => {
  let dir: string
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return name
  }
  const from = (): string => pathToFileURL(join(dir, 'here.js')).href
  const generated = (entries: string[], sections = ''): string =>
    `// This file is auto-generated. Do not edit.\n"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nfunction h(o,p){var q=o[p];if(q===void 0)throw Error('missing '+p);return q}\nvar m={\n${entries.join('\n')}\n${sections}}\nexports.__map = m;\n`

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tgfetch-lazy-generated-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('compiles only the entries looked up: a broken one fails only when asked for', () => {
    const name = file(
      'broken.js',
      generated([`'good':function(v){return h(v,'x')+1},`, `'bad':function(v){return v +* 1},`]),
    )
    const map = lazyGeneratedMap(from(), `./${name}`, '__map') as Record<string, (v: unknown) => number>
    expect(map.good!({ x: 41 })).toBe(42)
    // the file's own helper is in scope
    expect(() => map.good!({})).toThrow('missing x')
    expect(() => map.bad).toThrow(SyntaxError)
  })

  it('finds entries through `m`, sections whole, and extra entries first', () => {
    const name = file(
      'linked.js',
      generated(
        [
          `12:function(r){return m[34](r)*2},`,
          `34:function(r){return r+1},`,
          `'last':function(){return m._size.a},`,
        ],
        `_size:{\n'a':4,\n'last':99,\n},\n`,
      ),
    )
    const map = lazyGeneratedMap(from(), `./${name}`, '__map', () => ({ 34: () => 100 })) as Entries
    expect((map[12] as (r: number) => number)(1)).toBe(200)
    expect((map.last as () => number)()).toBe(4)
    expect(map._size).toEqual({ a: 4, last: 99 })
    // a key only a section has is not a top-level entry
    expect(map.a).toBeUndefined()
  })

  it('reads nothing before its first look-up: a missing file fails only then', () => {
    const missing = lazyGeneratedMap(from(), './not-there.js', '__map')
    expect(() => missing.x).toThrow(/not-there/)
    let extras = 0
    const name = file('later.js', generated([`'x':function(){return 7},`]))
    const later = lazyGeneratedMap(from(), `./${name}`, '__map', () => {
      extras++
      return {}
    }) as Record<string, () => number>
    expect(extras).toBe(0)
    expect(later.x!()).toBe(7)
    expect(later.x!()).toBe(7)
    expect(extras).toBe(1)
  })

  it('requires a file laid out otherwise as Node would', () => {
    const name = file('other.js', `"use strict";\nexports.__map = { f: function (x) { return x * 3 } };\n`)
    const map = lazyGeneratedMap(from(), `./${name}`, '__map') as Record<string, (x: number) => number>
    expect(map.f!(2)).toBe(6)
  })
})

describe('the lazy writers write as the required ones do', () => {
  it('serializes an object with its nested objects', () => {
    const real = (require('@mtcute/tl/binary/writer.js') as Record<string, Entries>).__tlWriterMap
    const lazy = lazyGeneratedMap(import.meta.url, '@mtcute/tl/binary/writer.js', '__tlWriterMap')
    const request = {
      _: 'upload.getFile',
      location: {
        _: 'inputDocumentFileLocation',
        id: Long.fromNumber(1),
        accessHash: Long.fromNumber(-2),
        fileReference: new Uint8Array([1, 2, 3]),
        thumbSize: '',
      },
      offset: 1048576,
      limit: 524288,
    }
    const bytes = (map: unknown): Uint8Array =>
      TlBinaryWriter.serializeObject(
        map as Parameters<typeof TlBinaryWriter.serializeObject>[0],
        request as never,
      )
    expect(Buffer.from(bytes(lazy)).toString('hex')).toBe(Buffer.from(bytes(real)).toString('hex'))
  })
})
