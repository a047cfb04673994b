import { describe, expect, it } from 'vitest'
import { apiClassId } from '../../tl/index.js'
import { layerEntries, storedLayers } from '../../tl/layers/layer-data.js'

describe('answers serialized by hand, past the layer down-converter', () => {
  it('upload.file, upload.cdnFile and storage.FileType have our ids in every stored layer', () => {
    const names = ['upload.file', 'upload.cdnFile', 'storage.filePartial', 'storage.fileJpeg']
    for (const layer of storedLayers()) {
      const entries = layerEntries(layer)
      for (const name of names) {
        expect(entries.find((e) => e.name === name && e.kind === 'class')?.id, `${name}@${layer}`).toBe(
          apiClassId(name),
        )
      }
    }
  })
})
