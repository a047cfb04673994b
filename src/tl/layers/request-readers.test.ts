import Long from 'long'
import { describe, expect, it } from 'vitest'
import { deserializeTl } from '../codec.js'
import { TlBinaryWriter } from '../index.js'
import { serverReaders, tlWriters } from '../maps.js'
import { layerEntries } from './layer-data.js'

const location = {
  _: 'inputDocumentFileLocation',
  id: Long.fromNumber(77),
  accessHash: Long.fromNumber(88),
  fileReference: new Uint8Array([1, 2]),
  thumbSize: '',
}

function idIn(layer: number, name: string): number {
  const entry = layerEntries(layer).find((e) => e.name === name)
  if (!entry) throw new Error(`${name} not in layer ${layer}`)
  return entry.id
}

describe('requests in the layout of an older layer', () => {
  it('reads upload.getFile of layer 133 (offset an int) as ours', () => {
    const w = TlBinaryWriter.alloc(tlWriters, 256)
    w.uint(idIn(133, 'upload.getFile'))
    w.uint(0b10) // cdn_supported
    w.object(location)
    w.int(1 << 20)
    w.int(512 * 1024)
    const request = deserializeTl(w.result(), { readers: serverReaders(), exact: true })
    expect(request).toMatchObject({
      _: 'upload.getFile',
      cdnSupported: true,
      offset: 1 << 20,
      limit: 512 * 1024,
    })
    expect(request).toMatchObject({ location: { _: 'inputDocumentFileLocation', thumbSize: '' } })
  })

  it('reads contacts.resolveUsername of layer 133 (username only) inside invokeWithLayer', () => {
    const w = TlBinaryWriter.alloc(tlWriters, 64)
    w.uint(0xda9b0d0d) // invokeWithLayer
    w.int(133)
    w.uint(idIn(133, 'contacts.resolveUsername'))
    w.string('channel')
    const request = deserializeTl(w.result(), { readers: serverReaders(), exact: true })
    expect(request).toEqual({
      _: 'invokeWithLayer',
      layer: 133,
      query: { _: 'contacts.resolveUsername', username: 'channel' },
    })
  })

  it('widens an old int where ours is a long (account.getChatThemes hash:int)', () => {
    const w = TlBinaryWriter.alloc(tlWriters, 16)
    w.uint(0xd6d71d7b)
    w.int(42)
    const request = deserializeTl<{ hash: unknown }>(w.result(), { readers: serverReaders(), exact: true })
    expect(Long.isLong(request.hash) && (request.hash as Long).toNumber()).toBe(42)
  })

  it('reads upload.getFileHashes of layer 133 (offset an int)', () => {
    const w = TlBinaryWriter.alloc(tlWriters, 64)
    w.uint(idIn(133, 'upload.getFileHashes'))
    w.object(location)
    w.int(4096)
    expect(deserializeTl(w.result(), { readers: serverReaders(), exact: true })).toMatchObject({
      offset: 4096,
    })
  })
})
