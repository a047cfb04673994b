import { describe, expect, it } from 'vitest'
import { isFilePart } from './file-part.js'
import { serializeTl } from './index.js'

describe('isFilePart', () => {
  it('knows upload.file and upload.cdnFile by their boxed ids, nothing else', () => {
    const file = serializeTl({
      _: 'upload.file',
      type: { _: 'storage.filePartial' },
      mtime: 0,
      bytes: new Uint8Array(8),
    } as never)
    const cdnFile = serializeTl({ _: 'upload.cdnFile', bytes: new Uint8Array(8) } as never)
    const redirect = serializeTl({
      _: 'upload.fileCdnRedirect',
      dcId: 203,
      fileToken: new Uint8Array(4),
      encryptionKey: new Uint8Array(32),
      encryptionIv: new Uint8Array(16),
      fileHashes: [],
    } as never)
    expect([file, cdnFile, redirect].map(isFilePart)).toEqual([true, true, false])
    expect(isFilePart(file.subarray(0, 3))).toBe(false)
    // the id read where the view starts, not where its buffer does
    const shifted = new Uint8Array(file.length + 4)
    shifted.set(file, 4)
    expect(isFilePart(shifted.subarray(4))).toBe(true)
  })
})
