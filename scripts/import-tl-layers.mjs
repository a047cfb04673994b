#!/usr/bin/env node
/**
 * Rebuilds src/tl/layers/data/api-layers.json.br, the TL schema of every past
 * layer the testkit can answer in, from a folder of schema files:
 *
 *   node scripts/import-tl-layers.mjs <folder>
 *
 * The folder holds Telegram's `api.tl` of each layer, any file names (the
 * layer is read from the file's `// LAYER N` line), and optionally
 * `@mtcute/tl`-style `api-schema.json` files (`{ l: layer, e: entries }`) for
 * layers with no api.tl at hand. To refresh: export the api.tl of each layer
 * from the git history of telegramdesktop/tdesktop
 * (Telegram/SourceFiles/mtproto/scheme/api.tl, earlier
 * Telegram/Resources/tl/api.tl) or Telethon (telethon_generator/data/api.tl),
 * one file per layer; the `api-schema.json` of `@mtcute/tl` releases (their
 * major version is the layer: `npm pack @mtcute/tl@220.0.0`) fill layers
 * those histories skip. Then run this script. A layer found twice keeps the
 * first file in name order (name the api.tl files so they come first).
 *
 * Output: every distinct declaration once, with the layers it appears in as
 * ranges over the list of stored layers; brotli-compressed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'

const OUT = new URL('../src/tl/layers/data/api-layers.json.br', import.meta.url)

/** Declarations of one api.tl: `[kind, text]`, kind `c` (constructor) or `m` (method). */
function declarationsOfTl(text) {
  const out = []
  let kind = 'c'
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/\/\/.*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (line === '---functions---') kind = 'm'
    else if (line === '---types---') kind = 'c'
    // skip built-ins the TL grammar declares without a combinator (`int ? = Int;`, vector)
    else if (/^[a-zA-Z][\w.]*(#[0-9a-f]+)? .*= *[\w.<> ]+;$/.test(line) && !line.includes(' ? ')) {
      if (!line.startsWith('vector#')) out.push([kind, line])
    }
  }
  return out
}

function typeText(arg) {
  const t = arg.type === 'int53' ? 'long' : arg.type
  const v = arg.typeModifiers?.isVector ? `Vector<${t}>` : t
  return arg.typeModifiers?.predicate ? `${arg.typeModifiers.predicate}?${v}` : v
}

/** Declarations of an `@mtcute/tl` schema JSON, printed back as TL (its int53 is TL's long). */
function declarationsOfJson(schema) {
  return schema.e.map((e) => {
    const generics = (e.generics ?? []).map((g) => `{${g.name}:${g.type}}`)
    const args = e.arguments.map((a) => `${a.name}:${typeText(a)}`)
    const id = e.id.toString(16)
    // a method's Vector result is spelled as the item type plus isVector
    const result = e.typeModifiers?.isVector ? `Vector<${e.type}>` : e.type
    return [
      e.kind === 'method' ? 'm' : 'c',
      `${[`${e.name}#${id}`, ...generics, ...args].join(' ')} = ${result};`,
    ]
  })
}

// helpers some schemas carry (`invokeWithReCaptchaPrefix … = Error`) that reuse the invokeWith… ids
const notApi = (declaration) => /^invokeWith\w+Prefix#/.test(declaration[1])

function readLayer(path) {
  const text = readFileSync(path, 'utf8')
  if (path.endsWith('.json')) {
    const schema = JSON.parse(text)
    return { layer: schema.l, declarations: declarationsOfJson(schema).filter((d) => !notApi(d)) }
  }
  const m = /^\/\/ LAYER (\d+)/m.exec(text)
  if (!m) throw new Error(`${path}: no "// LAYER N" line`)
  return { layer: Number(m[1]), declarations: declarationsOfTl(text).filter((d) => !notApi(d)) }
}

function ranges(indexes) {
  const parts = []
  for (let i = 0; i < indexes.length; i++) {
    let j = i
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++
    parts.push(i === j ? `${indexes[i]}` : `${indexes[i]}-${indexes[j]}`)
    i = j
  }
  return parts.join(',')
}

const folder = process.argv[2]
if (!folder) {
  console.error('usage: node scripts/import-tl-layers.mjs <folder of api.tl / api-schema.json files>')
  process.exit(2)
}
const byLayer = new Map()
for (const name of readdirSync(folder).sort()) {
  if (!/\.(tl|json)$/.test(name)) continue
  const { layer, declarations } = readLayer(join(folder, name))
  if (!byLayer.has(layer)) byLayer.set(layer, declarations)
}
const layers = [...byLayer.keys()].sort((a, b) => a - b)
const seen = new Map()
layers.forEach((layer, index) => {
  for (const [kind, text] of byLayer.get(layer)) {
    const key = `${kind} ${text}`
    if (!seen.has(key)) seen.set(key, [])
    seen.get(key).push(index)
  }
})
const entries = [...seen].map(([key, indexes]) => [key[0], key.slice(2), ranges(indexes)])
const json = JSON.stringify({ layers, entries })
const packed = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
writeFileSync(OUT, packed)
console.log(
  `${layers.length} layers (${layers[0]}–${layers.at(-1)}), ${entries.length} declarations, ${packed.length} bytes`,
)
