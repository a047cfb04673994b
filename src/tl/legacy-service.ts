import type { TlReaderMap } from '@mtcute/tl-runtime'
import { compileEntryReader } from './method-readers.js'
import type { TlSchemaEntry } from './schema.js'
import { tlConstructorId } from './tl-id.js'

/**
 * MTProto constructors Telegram still accepts or sends but `@mtcute/tl`'s
 * schema no longer carries: GramJS sends the old p_q_inner_data (no `dc`),
 * a server may answer server_DH_params_fail, old clients send req_pq.
 */
const DECLARATIONS = [
  'p_q_inner_data pq:bytes p:bytes q:bytes nonce:int128 server_nonce:int128 new_nonce:int256 = P_Q_inner_data',
  'server_DH_params_fail nonce:int128 server_nonce:int128 new_nonce_hash:int128 = Server_DH_Params',
  'req_pq nonce:int128 = ResPQ',
]

/** Parses a flat TL declaration (no flags, no vectors) into a schema entry named `mt_<name>`. */
export function entryFromDeclaration(line: string): TlSchemaEntry {
  const [lhs, type] = line.split(' = ')
  const [name, ...args] = (lhs ?? '').split(' ')
  if (!name || !type) throw new Error(`not a TL declaration: ${line}`)
  return {
    kind: 'class',
    name: `mt_${name}`,
    id: tlConstructorId(line),
    type,
    arguments: args.map((arg) => {
      const [argName, argType] = arg.split(':')
      return { name: argName ?? '', type: argType ?? '' }
    }),
  }
}

/** The legacy service constructors as schema entries (their ids computed when asked, not at load). */
export function legacyServiceEntries(): TlSchemaEntry[] {
  return DECLARATIONS.map(entryFromDeclaration)
}

export function legacyServiceReaders(): TlReaderMap {
  const map: TlReaderMap = {}
  for (const entry of legacyServiceEntries()) map[entry.id] = compileEntryReader(entry)
  return map
}
