import { describe, expect, it } from 'vitest'
import { apiSchemaEntries, mtpSchemaEntries, type TlSchemaEntry } from './schema.js'
import {
  ID_BOOL_FALSE,
  ID_BOOL_TRUE,
  ID_GZIP_PACKED,
  ID_MSG_CONTAINER,
  ID_MSG_COPY,
  ID_RPC_RESULT,
  ID_VECTOR,
} from './service-types.js'
import { normalizeTlDeclaration, tlConstructorId } from './tl-id.js'

/** Rebuilds a TL declaration line from a schema entry, as the docs print it. */
function declaration(e: TlSchemaEntry): string {
  const name = e.name.replace(/^mt_/, '')
  const generics = e.arguments.some((a) => a.type === '!X') ? ['{X:Type}'] : []
  const args = e.arguments.map((a) => {
    let type = a.type === 'int53' ? 'long' : a.type
    if (a.typeModifiers?.isVector) type = `Vector<${type}>`
    if (a.typeModifiers?.predicate) type = `${a.typeModifiers.predicate}?${type}`
    return `${a.name}:${type}`
  })
  return [name, ...generics, ...args, '=', e.type].join(' ')
}

describe('TL constructor ids', () => {
  it('derives the MTProto service ids in the schema from their declarations', () => {
    // ids Telegram assigned by hand, and future_salts whose bare vector the JSON does not spell
    const handAssigned = [
      'mt_rpc_answer_dropped',
      'mt_msg_detailed_info',
      'mt_msg_new_detailed_info',
      'mt_future_salts',
    ]
    const entries = mtpSchemaEntries().filter((e) => !handAssigned.includes(e.name))
    expect(entries.length).toBeGreaterThan(30)
    for (const e of entries) expect(tlConstructorId(declaration(e)), declaration(e)).toBe(e.id)
  })

  it('derives most API ids (layers keep some ids across signature changes)', () => {
    const entries = apiSchemaEntries()
    const matching = entries.filter((e) => tlConstructorId(declaration(e)) === e.id)
    expect(matching.length / entries.length).toBeGreaterThan(0.75)
  })

  it('gives the wrapper ids the docs list, each the id of its declaration', () => {
    expect(ID_VECTOR).toBe(0x1cb5c415)
    expect(ID_RPC_RESULT).toBe(0xf35c6d01)
    expect(ID_MSG_CONTAINER).toBe(0x73f1f8dc)
    expect(ID_GZIP_PACKED).toBe(0x3072cfa1)
    const declared: [number, string][] = [
      [ID_VECTOR, 'vector {t:Type} # [ t ] = Vector t'],
      [ID_RPC_RESULT, 'rpc_result req_msg_id:long result:Object = RpcResult'],
      [ID_MSG_CONTAINER, 'msg_container messages:vector<%Message> = MessageContainer'],
      [ID_GZIP_PACKED, 'gzip_packed packed_data:bytes = Object'],
      [ID_MSG_COPY, 'msg_copy orig_message:Message = MessageCopy'],
      [ID_BOOL_TRUE, 'boolTrue = Bool'],
      [ID_BOOL_FALSE, 'boolFalse = Bool'],
    ]
    for (const [id, line] of declared) expect(id, line).toBe(tlConstructorId(line))
  })

  it('normalizes the way the docs describe', () => {
    expect(
      normalizeTlDeclaration('msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;'),
    ).toBe('msg_container messages:vector message = MessageContainer')
  })
})

describe('legacy service constructors', () => {
  it('get the ids Telegram uses for them', async () => {
    const { legacyServiceEntries } = await import('./legacy-service.js')
    const ids = Object.fromEntries(legacyServiceEntries().map((e) => [e.name, e.id]))
    expect(ids.mt_p_q_inner_data).toBe(0x83c95aec)
    expect(ids.mt_server_DH_params_fail).toBe(0x79cb045d)
    expect(ids.mt_req_pq).toBe(0x60469778)
  })
})
