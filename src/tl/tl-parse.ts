import type { TlSchemaArgument, TlSchemaEntry } from './schema.js'
import { tlConstructorId } from './tl-id.js'

/**
 * Parses one TL declaration as the schema files print it —
 * `name#id flags:# a:flags.0?true b:Vector<long> = Type;` — into a schema
 * entry. Without `#id`, the id is derived from the declaration.
 */
export function parseTlDeclaration(line: string, kind: 'class' | 'method' = 'class'): TlSchemaEntry {
  const m = /^([a-zA-Z_][\w.]*)(?:#([0-9a-f]{1,8}))?\s+(.*?)\s*=\s*([^;]+?)\s*;?\s*$/.exec(line.trim())
  if (!m) throw new Error(`not a TL declaration: ${line}`)
  const [, name, hexId, argText, type] = m
  const args: TlSchemaArgument[] = []
  for (const token of (argText ?? '').split(/\s+/).filter(Boolean)) {
    if (token.startsWith('{')) continue // generic parameter, e.g. {X:Type}
    const [argName, rawType] = token.split(':')
    if (!argName || !rawType) throw new Error(`bad argument ${token} in ${name}`)
    const pm = /^(\w+\.\d+)\?(.*)$/.exec(rawType)
    let argType = pm ? pm[2]! : rawType
    const vm = /^Vector<(.+)>$/i.exec(argType)
    if (vm) argType = vm[1]!
    const typeModifiers = {
      ...(pm ? { predicate: pm[1]! } : {}),
      ...(vm ? { isVector: true } : {}),
    }
    args.push({ name: argName, type: argType, ...(pm || vm ? { typeModifiers } : {}) })
  }
  return {
    kind,
    name: name!,
    id: hexId ? Number.parseInt(hexId, 16) : tlConstructorId(line),
    type: type!,
    arguments: args,
  }
}
