import { describe, expect, it } from 'vitest'
import { serializeTl } from '../codec.js'
import { SampleBuilder, seededRandom } from '../samples.test-helper.js'
import { apiLayer, apiSchemaEntries, type TlSchemaEntry } from '../schema.js'
import { storedLayers } from './layer-data.js'
import { expectReadBack, readInLayer } from './layer-roundtrip.test-helper.js'
import { LayerSchema } from './layer-schema.js'

/** Every constructor the testkit answers with. */
const SENT = [
  'config',
  'dcOption',
  'nearestDc',
  'user',
  'channel',
  'chat',
  'message',
  'messageMediaDocument',
  'messageMediaPhoto',
  'document',
  'photo',
  'photoSize',
  'photoCachedSize',
  'photoStrippedSize',
  'photoSizeProgressive',
  'photoPathSize',
  'upload.file',
  'upload.fileCdnRedirect',
  'fileHash',
  'auth.authorization',
  'auth.sentCode',
  'account.password',
  'messages.messages',
  'messages.channelMessages',
  'contacts.resolvedPeer',
  'updates',
  'updateShort',
]

const ours = new Map(apiSchemaEntries().map((e) => [e.name, e]))
const pastLayers = storedLayers().filter((l) => l !== apiLayer)

describe('down-converting our objects into every stored layer', () => {
  it.each(pastLayers)('layer %i: each sent constructor round-trips through the layer schema', (layer) => {
    const schema = new LayerSchema(layer)
    for (let seed = 1; seed <= 2; seed++) {
      const samples = new SampleBuilder(apiSchemaEntries(), seededRandom(layer * 100 + seed))
      for (const name of SENT) {
        const obj = samples.build(ours.get(name) as TlSchemaEntry) as { _: string } & Record<string, unknown>
        const bytes = serializeTl(obj, layer)
        const target = schema.counterpart(name)
        expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true), `${name}@${layer}`).toBe(
          target?.id,
        )
        expectReadBack(obj, readInLayer(layer, bytes), schema, `${name}@${layer}`)
      }
    }
    // rpc errors are MTProto, the same in every layer
    const error = { _: 'mt_rpc_error', errorCode: 400, errorMessage: 'CHANNEL_INVALID' }
    expect(serializeTl(error, layer)).toEqual(serializeTl(error))
  })

  it('writes config in the old layout: fields added since left out, fields removed since zero', () => {
    const config = new SampleBuilder(apiSchemaEntries(), seededRandom(7)).build(
      ours.get('config') as TlSchemaEntry,
    )
    const old = readInLayer(133, serializeTl(config, 133))
    expect(old._).toBe('config')
    expect(Object.keys(old)).not.toContain('reactionsDefault')
    expect(old).toMatchObject({ savedGifsLimit: 0, pinnedDialogsCountMax: 0, phonecallsEnabled: false })
  })

  it('writes a constructor the layer lacks as its nearest counterpart, or says it has none', () => {
    const paid = { _: 'messageMediaPaidMedia', starsAmount: 5, extendedMedia: [] }
    expect(readInLayer(133, serializeTl(paid, 133))._).toBe('messageMediaUnsupported')
    const phone = { _: 'messageEntityPhone', offset: 1, length: 2 }
    expect(readInLayer(133, serializeTl(phone, 133))._).toBe('messageEntityPhone')
    const blockquote = { _: 'messageEntityBlockquote', offset: 1, length: 2, collapsed: true }
    expect(readInLayer(133, serializeTl(blockquote, 133))).toEqual({
      _: 'messageEntityBlockquote',
      offset: 1,
      length: 2,
    })
    const factCheck = { _: 'factCheck', hash: 0 }
    expect(() => serializeTl(factCheck as never, 133)).toThrow(/factCheck has no counterpart in layer 133/)
  })
})
