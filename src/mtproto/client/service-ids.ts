import { mtpSchemaEntries } from '../../tl/index.js'

function idOf(name: string): number {
  const entry = mtpSchemaEntries().find((e) => e.name === name)
  if (!entry) throw new Error(`${name} is not in the MTProto schema`)
  return entry.id
}

export const ID_RPC_ERROR = idOf('mt_rpc_error')
