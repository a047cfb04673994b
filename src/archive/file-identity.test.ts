import type { tl } from '@mtcute/tl'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { fileIdentity } from './file-identity.js'

const ref = new Uint8Array([1, 2, 3])

describe('fileIdentity', () => {
  it('a document: its id and DC, whatever the access hash or file reference', () => {
    const location: tl.TypeInputFileLocation = {
      _: 'inputDocumentFileLocation',
      id: Long.fromString('5000001'),
      accessHash: Long.fromString('-77'),
      fileReference: ref,
      thumbSize: '',
    }
    expect(fileIdentity({ location, dcId: 2 })).toBe('doc:5000001@2')
    expect(fileIdentity({ location: { ...location, fileReference: new Uint8Array([9]) }, dcId: 2 })).toBe(
      'doc:5000001@2',
    )
  })

  it('a photo: its id and DC, keeping the sign and all 64 bits', () => {
    const location: tl.TypeInputFileLocation = {
      _: 'inputPhotoFileLocation',
      id: Long.fromString('-9007199254740993'),
      accessHash: Long.ONE,
      fileReference: ref,
      thumbSize: 'y',
    }
    expect(fileIdentity({ location, dcId: 4 })).toBe('photo:-9007199254740993@4')
  })

  it('the same id on two DCs is two files', () => {
    const location: tl.TypeInputFileLocation = {
      _: 'inputDocumentFileLocation',
      id: Long.fromNumber(7),
      accessHash: Long.ONE,
      fileReference: ref,
      thumbSize: '',
    }
    expect(fileIdentity({ location, dcId: 1 })).not.toBe(fileIdentity({ location, dcId: 5 }))
  })

  it('a location that is no document or photo is refused', () => {
    const location: tl.TypeInputFileLocation = { _: 'inputTakeoutFileLocation' }
    expect(() => fileIdentity({ location, dcId: 2 })).toThrow(TypeError)
  })
})
